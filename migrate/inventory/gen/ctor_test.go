package main

import (
	"strings"
	"testing"
)

// parseMethodCtor splits "(*Client).NewSender".
func parseMethodCtor(s string) (parent, name string, ok bool) {
	rest, ok := strings.CutPrefix(s, "(*")
	if !ok {
		return "", "", false
	}
	parent, name, ok = strings.Cut(rest, ").")
	return parent, name, ok
}

func TestParseMethodCtor(t *testing.T) {
	for _, tc := range []struct {
		in           string
		parent, name string
		ok           bool
	}{
		{"(*Client).NewSender", "Client", "NewSender", true},
		{"NewClient", "", "", false},
		{"(*Client)", "Client)", "", false},
	} {
		parent, name, ok := parseMethodCtor(tc.in)
		if parent != tc.parent || name != tc.name || ok != tc.ok {
			t.Errorf("parseMethodCtor(%q) = %q, %q, %v; want %q, %q, %v", tc.in, parent, name, ok, tc.parent, tc.name, tc.ok)
		}
	}
}
