package manifest

import (
	"strings"
	"testing"
)

// dumpTF renders Terraform directives like dump, showing attributes as
// "key = value" and blocks with their labels and a trailing "{".
func dumpTF(ds []*Directive) string {
	var b strings.Builder
	var walk func(ds []*Directive, depth int)
	walk = func(ds []*Directive, depth int) {
		for _, d := range ds {
			b.WriteString(strings.Repeat("  ", depth) + itoa(d.Line) + ":" + itoa(d.Column) + " " + d.Name)
			if d.Block == nil {
				b.WriteString(" = [" + d.Args[1] + "]\n")
				continue
			}
			for _, a := range d.Args {
				b.WriteString(" [" + a + "]")
			}
			b.WriteString(" {\n")
			for _, c := range d.Block {
				if c.Parent != d {
					b.WriteString("BAD PARENT\n")
				}
			}
			walk(d.Block, depth+1)
		}
	}
	walk(ds, 0)
	return b.String()
}

func TestParseTerraform(t *testing.T) {
	src := `# A target group
terraform {
  required_version = ">= 1.5" // a comment
}

/* block comment
   resource "x" "y" { */
resource "aws_lb_target_group" "web" {
  name     = "web-${var.env}"
  port     = 8080
  tags = {
    Team = "shop" # inline
    "x.y" = "z"
  }
  health_check { path = "/healthz" }
  stickiness {
    type            = "lb_cookie"
    cookie_duration = 86400
    enabled = var.sticky ? true : false
  }
  empty {}
}

locals {
  quoted  = "say \"hi\" \\ \u00e9 $${literal} %%{x}"
  nested  = "${join(",", ["a}", "b"])}-${"in${"ner"}"}"
  ids     = [
    "a", # one
    "b",
  ]
  script = <<-EOT
    echo "${local.quoted}"
    EOT
  after  = true
  cond   = a == b
  lambda = {for k, v in var.m : k => v}
}
dynamic "stickiness" { }
`
	f := &File{Path: "main.tf"}
	if errs := parseTerraform(f, []byte(src)); len(errs) > 0 {
		t.Fatalf("unexpected errors: %s", errString(errs))
	}
	want := `2:1 terraform {
  3:3 required_version = [>= 1.5]
8:1 resource [aws_lb_target_group] [web] {
  9:3 name = [web-${var.env}]
  10:3 port = [8080]
  11:3 tags = [{
    Team = "shop" # inline
    "x.y" = "z"
  }]
  15:3 health_check {
    15:18 path = [/healthz]
  16:3 stickiness {
    17:5 type = [lb_cookie]
    18:5 cookie_duration = [86400]
    19:5 enabled = [var.sticky ? true : false]
  21:3 empty {
24:1 locals {
  25:3 quoted = [say "hi" \ é ${literal} %{x}]
  26:3 nested = [${join(",", ["a}", "b"])}-${"in${"ner"}"}]
  27:3 ids = [[
    "a", # one
    "b",
  ]]
  31:3 script = [    echo "${local.quoted}"
]
  34:3 after = [true]
  35:3 cond = [a == b]
  36:3 lambda = [{for k, v in var.m : k => v}]
38:1 dynamic [stickiness] {
`
	if got := dumpTF(f.Directives); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	rs := f.Directives[1]
	if d, v := TFAttr(rs, "port"); d == nil || v != "8080" {
		t.Errorf("TFAttr(port) = %v, %q", d, v)
	}
	if d, _ := TFAttr(rs, "stickiness"); d != nil {
		t.Errorf("TFAttr found a block: %v", d)
	}
	if bs := TFBlocks(rs, "stickiness"); len(bs) != 1 || bs[0].Line != 16 {
		t.Errorf("TFBlocks(stickiness) = %v", bs)
	}
}

func TestParseTerraformColumnsCountRunes(t *testing.T) {
	f := &File{Path: "main.tf"}
	if errs := parseTerraform(f, []byte("locals { é = \"ü\"\n}\n")); len(errs) > 0 {
		t.Fatal(errString(errs))
	}
	if got := dumpTF(f.Directives); got != "1:1 locals {\n  1:10 é = [ü]\n" {
		t.Errorf("got\n%s", got)
	}
}

func TestParseTerraformErrors(t *testing.T) {
	for _, tc := range []struct{ src, want, keep string }{
		{"resource \"a\" \"b\" {\n  x = 1\n", `main.tf:1: block resource opened on line 1 is not closed by "}"`, "2:3 x = [1]"},
		{"a = 1\n}\nb = 2\n", `main.tf:2: unexpected "}"`, "3:1 b = [2]"},
		{"a = \"open\nb = 2\n", `main.tf:1: string opened on line 1 is not closed`, "2:1 b = [2]"},
		{"a = <<EOF\nline\n", `main.tf:1: heredoc <<EOF opened on line 1 is not closed`, "1:1 a"},
		{"a = [1,\n2\nb = 3", `main.tf:1: value of a: '[' opened here is not closed`, "1:1 a"},
		{"/* open\nb = 2\n", `main.tf:1: comment opened on line 1 is not closed by "*/"`, ""},
		{"\"x\" = 1\nb = 2\n", `main.tf:1: expected an attribute or a block, found a string`, "2:1 b = [2]"},
		{"resource \"a\" (\nb = 2\n", `main.tf:1: expected "=" or a block's "{" after resource, found "("`, "2:1 b = [2]"},
		{"a = \"${x\n", `main.tf:1: interpolation opened on line 1 is not closed by "}"`, "1:1 a"},
		{strings.Repeat("a {\n", 100), "blocks nested more than 64 deep", "1:1 a"},
		{"a = " + strings.Repeat(`"${`, 100), "templates nested more than 64 deep", "1:1 a"},
	} {
		f := &File{Path: "main.tf"}
		errs := parseTerraform(f, []byte(tc.src))
		if got := errString(errs); !strings.Contains(got, tc.want) {
			t.Errorf("%q: errors %q, want %q", tc.src, got, tc.want)
		}
		if d := dumpTF(f.Directives); !strings.Contains(d, tc.keep) {
			t.Errorf("%q: directives\n%s\nwant %q kept", tc.src, d, tc.keep)
		}
	}
}

func TestLoadTerraform(t *testing.T) {
	if format, ok := Classify("infra/lb.tf", nil); !ok || format != Terraform {
		t.Errorf("Classify(lb.tf) = %q, %v", format, ok)
	}
	f, errs := Load("infra/lb.tf", []byte("resource \"a\" \"b\" {\n"))
	if f == nil || f.Format != Terraform || len(errs) != 1 || errs[0].Line != 1 {
		t.Fatalf("Load: %v %v", f, errs)
	}
}
