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

variable "sticky" {
  default = true
}

/* block comment
   resource "x" "y" { */
resource "aws_lb_target_group" "web" {
  name     = "web-${var.env}"
  port     = 8080
  tags = {
    Team = "shop" # inline
  }
  health_check { path = "/healthz" }
  stickiness {
    type            = "lb_cookie"
    cookie_duration = 86400
    enabled         = var.sticky
    other           = var.sticky ? true : false
  }
  empty {}
}

locals {
  quoted = "say \"hi\" \\ \u00e9 $${literal} %%{x}"
  script = <<-EOT
    echo hi
    EOT
}
dynamic "stickiness" { }
`
	f := &File{Path: "main.tf"}
	if errs := parseTerraform(f, []byte(src)); len(errs) > 0 {
		t.Fatalf("unexpected errors: %s", errString(errs))
	}
	want := `2:1 terraform {
  3:3 required_version = [>= 1.5]
6:1 variable [sticky] {
  7:3 default = [true]
12:1 resource [aws_lb_target_group] [web] {
  13:3 name = [web-${var.env}]
  14:3 port = [8080]
  15:3 tags = [{
    Team = "shop" # inline
  }]
  18:3 health_check {
    18:18 path = [/healthz]
  19:3 stickiness {
    20:5 type = [lb_cookie]
    21:5 cookie_duration = [86400]
    22:5 enabled = [true]
    23:5 other = [var.sticky ? true : false]
  25:3 empty {
28:1 locals {
  29:3 quoted = [say "hi" \ é ${literal} %{x}]
  30:3 script = [echo hi
]
34:1 dynamic [stickiness] {
`
	if got := dumpTF(f.Directives); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	rs := f.Directives[2]
	if d, v := TFAttr(rs, "port"); d == nil || v != "8080" {
		t.Errorf("TFAttr(port) = %v, %q", d, v)
	}
	if d, _ := TFAttr(rs, "stickiness"); d != nil {
		t.Errorf("TFAttr found a block: %v", d)
	}
	if bs := TFBlocks(rs, "stickiness"); len(bs) != 1 || bs[0].Line != 19 {
		t.Errorf("TFBlocks(stickiness) = %v", bs)
	}
}

func TestParseTerraformJSON(t *testing.T) {
	src := `{
  "variable": {"sticky": {"default": true}},
  "resource": {
    "aws_lb_target_group": {
      "web": {
        "port": 8080,
        "stickiness": {"type": "lb_cookie", "enabled": true}
      }
    }
  }
}
`
	f, errs := Load("infra/lb.tf.json", []byte(src))
	if len(errs) > 0 || f == nil || f.Format != Terraform {
		t.Fatalf("Load: %v %v", f, errs)
	}
	want := `2:3 variable [sticky] {
  2:27 default = [true]
3:3 resource [aws_lb_target_group] [web] {
  6:9 port = [8080]
  7:9 stickiness {
    7:24 type = [lb_cookie]
    7:45 enabled = [true]
`
	if got := dumpTF(f.Directives); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestParseTerraformErrors(t *testing.T) {
	for _, tc := range []struct{ src, want, keep string }{
		{"resource \"a\" \"b\" {\n  x = 1\n", `main.tf:1: Unclosed configuration block`, ""},
		{"a = 1\n}\nb = 2\n", `main.tf:2: Argument or block definition required`, "1:1 a = [1]"},
		{"a = \"open\nb = 2\n", `main.tf:1: Invalid multi-line string`, ""},
		{"a = <<EOF\nline\n", `main.tf:1: heredoc is never closed`, ""},
		{strings.Repeat("a = <<E\n", 1<<15), `main.tf:1: heredoc is never closed`, ""},
		{"\"x\" = 1\nb = 2\n", `main.tf:1: Invalid argument name`, ""},
		{strings.Repeat("a {\n", 100000), "nested more than 256 deep", ""},
		{"a = " + strings.Repeat(`"${`, 100000), "nested more than 256 deep", ""},
	} {
		f := &File{Path: "main.tf"}
		errs := parseTerraform(f, []byte(tc.src))
		if got := errString(errs); !strings.Contains(got, tc.want) {
			t.Errorf("%.40q: errors %q, want %q", tc.src, got, tc.want)
		}
		if d := dumpTF(f.Directives); !strings.Contains(d, tc.keep) {
			t.Errorf("%.40q: directives\n%s\nwant %q kept", tc.src, d, tc.keep)
		}
	}
}

func TestLoadTerraform(t *testing.T) {
	if format, ok := Classify("infra/lb.tf", nil); !ok || format != Terraform {
		t.Errorf("Classify(lb.tf) = %q, %v", format, ok)
	}
	f, errs := Load("infra/lb.tf", []byte("resource \"a\" \"b\" {\n"))
	if f == nil || f.Format != Terraform || len(errs) != 1 || errs[0].Line == 0 {
		t.Fatalf("Load: %v %v", f, errs)
	}
}
