package manifest

import "testing"

func FuzzApache(f *testing.F) {
	fuzzParser(f, "httpd.conf", parseApache,
		"<Proxy balancer://a>\n BalancerMember http://b route=1\n ProxySet stickysession=S\n</Proxy>\n",
		"<a", "</a>", "<>", "x \"", "x '\\'", "a \\", "<A>\n<B>\n</A>\n", "\\\n\\\n")
}

func FuzzTerraform(f *testing.F) {
	fuzzParser(f, "main.tf", parseTerraform,
		"resource \"aws_lb_target_group\" \"a\" {\n stickiness {\n  enabled = false\n }\n}\n",
		"a = \"${\"", "a = <<EOF\n", "a = <<-X\nX", "/*", "a {", "}", "a = [\n", "a = \"\\u12\"", "\"a\" \"b\" {", "a = $${\"%{x}\"}", "a = (}")
}
