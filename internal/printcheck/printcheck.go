// Package printcheck checks the print promise of a package: no exported type
// that holds a credential, a token or a secret prints one, under any fmt verb,
// by value, by pointer or held by value in a struct. It is imported only by
// tests.
//
// The types are enumerated from the package itself with go/types, so that a
// new exported type without a case fails the test:
//
//	printcheck.Check(t, ".", secrets, map[string]printcheck.Case{
//		"Credential": {Value: cred},
//		"Options":    {Exempt: "holds only a scope and a flag"},
//	})
package printcheck

import (
	"encoding/hex"
	"fmt"
	"go/types"
	"reflect"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/packages"
)

// Verbs are the verbs every value is printed with.
var Verbs = []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d"}

// Case is how a test prints one exported type of a package.
type Case struct {
	// Value is a value of the type, or a pointer to one, that holds the
	// secrets passed to Check. A pointer is needed for types that must not
	// be copied (they hold a lock); the value form is then read through it.
	Value any
	// Exempt, when Value is nil, says why the type holds no secret; it is
	// printed with the test's log.
	Exempt string
	// Leaks, with Value, records a known defect: Value prints a secret, for
	// the reason given, which is printed with the test's log. The check then
	// requires that Value still prints one, so that the entry goes with the
	// fix.
	Leaks string
}

// Load type-checks the package named by pattern (a directory such as "." or
// an import path) from the build's export data and returns its types. Tests
// that enumerate a package's exported names use it.
func Load(t testing.TB, pattern string) *types.Package {
	t.Helper()
	pkgs, err := packages.Load(&packages.Config{Mode: packages.NeedName | packages.NeedTypes}, pattern)
	if err != nil {
		t.Fatalf("printcheck: loading %s: %v", pattern, err)
	}
	if len(pkgs) != 1 {
		t.Fatalf("printcheck: %s names %d packages, want 1", pattern, len(pkgs))
	}
	for _, e := range pkgs[0].Errors {
		t.Errorf("printcheck: loading %s: %v", pattern, e)
	}
	if pkgs[0].Types == nil || t.Failed() {
		t.FailNow()
	}
	return pkgs[0].Types
}

// ExportedTypes returns the names of the exported named types of pkg, sorted.
func ExportedTypes(pkg *types.Package) []string {
	var names []string
	for _, name := range pkg.Scope().Names() {
		if tn, ok := pkg.Scope().Lookup(name).(*types.TypeName); ok && tn.Exported() {
			names = append(names, name)
		}
	}
	return names
}

// Check enumerates the exported named types of the package named by pattern
// and requires a case for each. It prints each case's value, a pointer to it,
// and a struct holding it by value (embedded, where reflect can build the
// struct, and as a named field), under every verb of Verbs, and fails if the
// output holds any of secrets, as is or in the hex and byte forms fmt gives
// strings and byte slices, or reports a panic. Secrets must be at least 8
// characters long, so that a match is not a coincidence.
func Check(t *testing.T, pattern string, secrets []string, cases map[string]Case) {
	t.Helper()
	for _, s := range secrets {
		if len(s) < 8 {
			t.Fatalf("printcheck: secret %q is too short to look for", s)
		}
	}
	pkg := Load(t, pattern)
	names := ExportedTypes(pkg)
	for _, name := range names {
		c, ok := cases[name]
		switch {
		case !ok:
			t.Errorf("exported type %s.%s has no print case; add one, or an exemption with the reason it holds no secret", pkg.Name(), name)
		case c.Value == nil && (c.Exempt == "" || c.Leaks != ""):
			t.Errorf("print case %s.%s has neither a value nor an exemption (Leaks needs a value)", pkg.Name(), name)
		case c.Value == nil:
			t.Logf("%s.%s: exempt: %s", pkg.Name(), name, c.Exempt)
		default:
			t.Run(name, func(t *testing.T) {
				copyable := !holdsLock(pkg.Scope().Lookup(name).Type())
				if !copyable {
					t.Logf("%s.%s holds a lock: copying it is a go vet error (copylocks), so only its pointer is printed", pkg.Name(), name)
				}
				problems := checkValue(t, pkg.Path(), name, c.Value, secrets, copyable)
				switch {
				case c.Leaks == "":
					for _, p := range problems {
						t.Error(p)
					}
				case len(problems) == 0:
					t.Errorf("%s.%s no longer prints a secret: remove its Leaks entry", pkg.Name(), name)
				default:
					t.Logf("%s.%s: KNOWN LEAK (%s): %d forms print a secret, such as %s", pkg.Name(), name, c.Leaks, len(problems), problems[0])
				}
			})
		}
	}
	for name := range cases {
		if !slices.Contains(names, name) {
			t.Errorf("print case %s: %s.%s is not an exported type", name, pkg.Name(), name)
		}
	}
}

// checkValue prints the forms of v, a value of (or a pointer to) the type
// path.name, and returns what went wrong.
func checkValue(t *testing.T, path, name string, v any, secrets []string, copyable bool) (problems []string) {
	rv := reflect.ValueOf(v)
	typ := rv.Type()
	if typ.Kind() == reflect.Pointer && typ.Name() == "" {
		if rv.IsNil() {
			t.Fatalf("the case for %s is a nil pointer", name)
		}
		rv, typ = rv.Elem(), typ.Elem()
	}
	if typ.Name() != name || typ.PkgPath() != path {
		t.Fatalf("the case for %s is a %s", name, reflect.TypeOf(v))
	}
	ptr := reflect.New(typ)
	ptr.Elem().Set(rv)
	forms := map[string]any{"pointer": ptr.Interface()}
	if copyable {
		forms["value"] = ptr.Elem().Interface()
		forms["field"] = holder(typ, false, ptr.Elem())
		if e := holder(typ, true, ptr.Elem()); e != nil {
			forms["embedded"] = e
		}
	}
	for form, x := range forms {
		for _, verb := range Verbs {
			out := fmt.Sprintf(verb, x)
			if strings.Contains(out, "PANIC=") {
				problems = append(problems, fmt.Sprintf("%s %s under %s: printing panicked: %.300s", name, form, verb, out))
			}
			var found []string
			for i, s := range secrets {
				if f, ok := contains(out, s); ok {
					found = append(found, fmt.Sprintf("secret %d %s", i, f))
				}
			}
			if len(found) > 0 {
				problems = append(problems, fmt.Sprintf("%s %s under %s: printed %s: %.300s", name, form, verb, strings.Join(found, ", "), out))
			}
		}
	}
	slices.Sort(problems)
	return problems
}

// holder returns a struct value holding v by value: as its only, embedded
// field, or as the exported field V after a string field. It returns nil
// when reflect cannot build the embedding (a type with unexported methods).
func holder(typ reflect.Type, embedded bool, v reflect.Value) (h any) {
	defer func() {
		if recover() != nil {
			h = nil
		}
	}()
	fields := []reflect.StructField{{Name: "Name", Type: reflect.TypeFor[string]()}, {Name: "V", Type: typ}}
	if embedded && typ.Kind() != reflect.Struct && typ.NumMethod() > 0 {
		// reflect.StructOf cannot embed a named non-struct type with
		// methods: the runtime crashes on the struct's method table.
		return nil
	}
	if embedded {
		fields = []reflect.StructField{{Name: typ.Name(), Type: typ, Anonymous: true}}
	}
	s := reflect.New(reflect.StructOf(fields)).Elem()
	s.Field(len(fields) - 1).Set(v)
	if !embedded {
		s.Field(0).SetString("holder")
	}
	return s.Interface()
}

// contains reports whether out holds secret in a form fmt prints it: as is,
// in hex (%x, %X of a string), or as the bytes of a []byte (%v, %d, %#v).
func contains(out, secret string) (form string, ok bool) {
	b := []byte(secret)
	for _, f := range []struct{ name, s string }{
		{"as is", secret},
		{"hex", hex.EncodeToString(b)},
		{"HEX", strings.ToUpper(hex.EncodeToString(b))},
		{"bytes", strings.Trim(fmt.Sprint(b), "[]")},
		{"Go bytes", strings.TrimSuffix(strings.TrimPrefix(fmt.Sprintf("%#v", b), "[]byte{"), "}")},
	} {
		if strings.Contains(out, f.s) {
			return f.name, true
		}
	}
	return "", false
}

// holdsLock reports whether a value of typ holds a lock by value (a type
// whose pointer has Lock and Unlock methods, such as sync.Mutex or the
// noCopy guard of sync/atomic's types), as go vet's copylocks check does.
func holdsLock(typ types.Type) bool {
	return holdsLockSeen(typ, map[types.Type]bool{})
}

func holdsLockSeen(typ types.Type, seen map[types.Type]bool) bool {
	if seen[typ] {
		return false
	}
	seen[typ] = true
	if _, ok := typ.Underlying().(*types.Interface); !ok {
		ms := types.NewMethodSet(types.NewPointer(typ))
		if ms.Lookup(nil, "Lock") != nil && ms.Lookup(nil, "Unlock") != nil {
			return true
		}
	}
	switch u := typ.Underlying().(type) {
	case *types.Struct:
		for i := 0; i < u.NumFields(); i++ {
			if holdsLockSeen(u.Field(i).Type(), seen) {
				return true
			}
		}
	case *types.Array:
		return holdsLockSeen(u.Elem(), seen)
	}
	return false
}
