//go:build sdkwide

// The SDK-wide checks of the generator: they read or type-check the pinned
// SDK modules (gigabytes of memory, minutes), so they are not part of the
// README's test command. CI runs them in .ci/inventory:
//
//	go -C migrate/inventory/gen test -tags sdkwide ./...

package main

import (
	"bytes"
	"go/types"
	"os"
	"strings"
	"testing"

	"golang.org/x/tools/go/packages"

	"github.com/azcompat/credwrapper/migrate/inventory"
)

// Every name in the embedded mapping exists in the pinned modules, with the
// form its pattern promises: the module at the pinned version, the client
// type, its constructor, each method, a Begin... method returning a
// *runtime.Poller and a New...Pager method a *runtime.Pager. The packages
// are type-checked from source (compiling them for export data takes
// minutes).
func TestSymbolsExist(t *testing.T) {
	m, err := inventory.Load()
	if err != nil {
		t.Fatal(err)
	}
	// One group of modules at a time: type-checking every pinned module
	// at once would take well over 8 GiB.
	var groups [][]string
	group := map[int]int{} // module -> group
	seen := map[string]bool{}
	for _, c := range m.Clients {
		if seen[c.Package] {
			continue
		}
		seen[c.Package] = true
		g, ok := group[c.Module]
		if !ok {
			g = len(group) / modulesPerGroup
			group[c.Module] = g
			if g == len(groups) {
				groups = append(groups, nil)
			}
		}
		groups[g] = append(groups[g], c.Package)
	}
	checked := 0
	for _, paths := range groups {
		checked += checkSymbols(t, m, paths)
	}
	if checked < 1000 {
		t.Errorf("only %d methods checked", checked)
	}
	t.Logf("%d clients in %d packages, %d method targets checked", len(m.Clients), len(seen), checked)
}

// modulesPerGroup is how many modules checkSymbols type-checks at once.
const modulesPerGroup = 6

// checkSymbols checks the clients of the packages paths and the method
// targets on them, and returns how many method targets it checked.
func checkSymbols(t *testing.T, m *inventory.Mapping, paths []string) int {
	inGroup := map[string]bool{}
	for _, p := range paths {
		inGroup[p] = true
	}
	pkgs, err := packages.Load(&packages.Config{Mode: packages.LoadAllSyntax | packages.NeedModule}, paths...)
	if err != nil {
		t.Fatal(err)
	}
	byPath := map[string]*packages.Package{}
	for _, p := range pkgs {
		for _, e := range p.Errors {
			t.Errorf("%s: %v", p.PkgPath, e)
		}
		byPath[p.PkgPath] = p
	}
	lookupType := func(c inventory.Client) *types.Named {
		p := byPath[c.Package]
		if p == nil || p.Types == nil {
			return nil
		}
		tn, _ := p.Types.Scope().Lookup(c.Type).(*types.TypeName)
		if tn == nil {
			return nil
		}
		n, _ := tn.Type().(*types.Named)
		return n
	}
	method := func(n *types.Named, name string) *types.Func {
		sel := types.NewMethodSet(types.NewPointer(n)).Lookup(n.Obj().Pkg(), name)
		if sel == nil {
			return nil
		}
		f, _ := sel.Obj().(*types.Func)
		return f
	}
	for _, c := range m.Clients {
		if !inGroup[c.Package] {
			continue
		}
		mod := m.Modules[c.Module]
		p := byPath[c.Package]
		if p == nil || p.Module == nil {
			t.Errorf("%s: not loaded", c.Package)
			continue
		}
		if p.Module.Path != mod.Path || p.Module.Version != mod.Version {
			t.Errorf("%s: the mapping says %s %s, go.mod pins %s %s", c.Package, mod.Path, mod.Version, p.Module.Path, p.Module.Version)
		}
		n := lookupType(c)
		if n == nil {
			t.Errorf("%s.%s: no such type", c.Package, c.Type)
			continue
		}
		if parent, name, ok := parseMethodCtor(c.Constructor); ok {
			pn := lookupType(inventory.Client{Package: c.Package, Type: parent})
			if pn == nil || method(pn, name) == nil {
				t.Errorf("%s: constructor %s: no such method", c.Package, c.Constructor)
			}
		} else if _, ok := p.Types.Scope().Lookup(c.Constructor).(*types.Func); !ok {
			t.Errorf("%s: constructor %s: no such function", c.Package, c.Constructor)
		}
	}
	checked := 0
	for pkg, legacyTypes := range m.Legacy {
		for typ, lc := range legacyTypes {
			for name, tg := range lc.Methods {
				if tg.Client < 0 {
					continue
				}
				c := m.Clients[tg.Client]
				if !inGroup[c.Package] {
					continue
				}
				n := lookupType(c)
				if n == nil {
					continue // reported above
				}
				checked++
				if tg.Method == c.Constructor || strings.HasSuffix(c.Constructor, ")."+tg.Method) {
					continue // replaced by the constructor, checked above
				}
				f := method(n, tg.Method)
				if f == nil {
					if typ == "" {
						if _, ok := byPath[c.Package].Types.Scope().Lookup(tg.Method).(*types.Func); ok {
							continue
						}
					}
					t.Errorf("%s.%s.%s: %s.%s has no method %s", pkg, typ, name, c.Package, c.Type, tg.Method)
					continue
				}
				res := f.Signature().Results()
				first := ""
				if res.Len() > 0 {
					first = res.At(0).Type().String()
				}
				switch {
				case strings.HasPrefix(tg.Method, "Begin") && !strings.Contains(first, "azcore/runtime.Poller["):
					t.Errorf("%s.%s: returns %s, not a *runtime.Poller", c.Type, tg.Method, first)
				case strings.HasPrefix(tg.Method, "New") && strings.HasSuffix(tg.Method, "Pager") && !strings.Contains(first, "azcore/runtime.Pager["):
					t.Errorf("%s.%s: returns %s, not a *runtime.Pager", c.Type, tg.Method, first)
				}
			}
		}
	}
	return checked
}

// The generator, run now, writes byte for byte the embedded mapping: the
// mapping is current and a run is reproducible.
func TestGeneratedMappingIsCurrent(t *testing.T) {
	m, _, err := buildAll()
	if err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	if err := m.Encode(&got); err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("../mapping.json.gz")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		t.Errorf("the generator's output differs from ../mapping.json.gz: run go -C migrate/inventory/gen run . and commit the result")
	}
}
