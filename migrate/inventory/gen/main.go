// Command gen builds credwrapper-migrate's inventory mapping
// (../mapping.json.gz) from the sources of the v68 SDK and of the modules
// that replace it, at the versions pinned in this module's go.mod: a v68
// client method and a current one match when they send the same REST
// operation (HTTP method and path template, case and path parameter names
// ignored). It says which modules it could not read.
//
//	go -C migrate/inventory/gen run . -o ../mapping.json.gz
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"

	"github.com/azcompat/credwrapper/migrate/inventory"
)

func main() {
	out := flag.String("o", "../mapping.json.gz", "where to write the mapping")
	cov := flag.String("coverage", "../coverage.md", "where to write the coverage report")
	flag.Parse()
	m, rows, err := buildAll()
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	for _, u := range m.Unread {
		fmt.Fprintln(os.Stderr, "gen: could not read", u)
	}
	var buf bytes.Buffer
	if err := m.Encode(&buf); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	if err := writeCoverageFile(*cov, rows); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "gen: %d modules read, %d legacy packages, %d replacement clients, %d bytes\n", len(m.Modules), len(m.Legacy), len(m.Clients), buf.Len())
}

// moduleDir downloads a module at the version this module's go.mod pins
// and returns its version and directory.
func moduleDir(path string) (version, dir string, err error) {
	var info struct{ Version, Dir string }
	listed, err := exec.Command("go", "list", "-m", "-json", path).Output()
	if err != nil {
		return "", "", fmt.Errorf("not pinned in go.mod: %w", err)
	}
	if err := json.Unmarshal(listed, &info); err != nil {
		return "", "", err
	}
	dl, err := exec.Command("go", "mod", "download", "-json", path+"@"+info.Version).Output()
	if err != nil {
		return info.Version, "", fmt.Errorf("download: %w", err)
	}
	if err := json.Unmarshal(dl, &info); err != nil {
		return "", "", err
	}
	return info.Version, info.Dir, nil
}

type builder struct {
	m       *inventory.Mapping
	fset    *token.FileSet
	modIdx  map[string]int // module path -> index (modules read)
	dirs    map[string]string
	clients map[inventory.Client]int
	ctors   map[string]map[string]string // package -> type -> constructor
}

// buildAll returns the mapping and its coverage report's rows.
func buildAll() (*inventory.Mapping, []*coverageRow, error) {
	b := &builder{
		m:       &inventory.Mapping{Legacy: map[string]map[string]*inventory.LegacyClient{}},
		fset:    token.NewFileSet(),
		modIdx:  map[string]int{},
		dirs:    map[string]string{},
		clients: map[inventory.Client]int{},
		ctors:   map[string]map[string]string{},
	}
	// Every module, sorted, so that the indexes do not depend on the
	// order of the tables.
	paths := map[string]bool{v68: true}
	for _, s := range allServices() {
		for _, p := range s.modules {
			paths[p] = true
		}
	}
	for _, types := range curated {
		for _, t := range types {
			paths[modulePath(t.client.pkg)] = true
			for _, tg := range t.methods {
				paths[modulePath(tg.client.pkg)] = true
			}
		}
	}
	sorted := make([]string, 0, len(paths))
	for p := range paths {
		sorted = append(sorted, p)
	}
	sort.Strings(sorted)
	for _, p := range sorted {
		v, dir, err := moduleDir(p)
		if err != nil {
			b.m.Unread = append(b.m.Unread, fmt.Sprintf("%s@%s: %v", p, v, err))
			continue
		}
		if p != v68 {
			b.modIdx[p] = len(b.m.Modules)
			b.m.Modules = append(b.m.Modules, inventory.Module{Path: p, Version: v})
		}
		b.dirs[p] = dir
	}
	if b.dirs[v68] == "" {
		return nil, nil, fmt.Errorf("the v68 module could not be read: %v", b.m.Unread)
	}
	for _, s := range allServices() {
		if err := b.service(s); err != nil {
			return nil, nil, err
		}
	}
	b.curated()
	b.serviceTable()
	rows, err := b.coverage()
	if err != nil {
		return nil, nil, err
	}
	return b.m, rows, nil
}

// modulePath is the module of a package of the current SDK: the package
// path up to the module's root (the storage and messaging modules have
// subpackages).
func modulePath(pkg string) string {
	for _, root := range []string{azblob, azqueue, azeventhubs, azservicebus} {
		if pkg == root || strings.HasPrefix(pkg, root+"/") {
			return root
		}
	}
	return pkg
}

type armRef struct {
	pkg    string
	client string
	method string
}

func (b *builder) service(s service) error {
	index := map[op][]armRef{}
	for _, mod := range s.modules {
		dir, ok := b.dirs[mod]
		if !ok {
			continue
		}
		pkgDirs, err := packageDirs(dir)
		if err != nil {
			return err
		}
		for _, pd := range pkgDirs {
			files, _, err := parseDir(b.fset, pd)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(dir, pd)
			pkg := mod
			if rel != "." {
				pkg = mod + "/" + filepath.ToSlash(rel)
			}
			methods, ctors := armPackage(files)
			b.ctors[pkg] = ctors
			for _, am := range methods {
				index[am.op] = append(index[am.op], armRef{pkg, am.client, am.method})
			}
		}
	}
	for _, l := range legacyDirs(b.dirs[v68], s) {
		root := filepath.Join(b.dirs[v68], filepath.FromSlash(l))
		pkgDirs, err := packageDirs(root)
		if err != nil {
			return err
		}
		for _, pd := range pkgDirs {
			files, _, err := parseDir(b.fset, pd)
			if err != nil {
				return err
			}
			clients := legacyPackage(files)
			if len(clients) == 0 {
				continue
			}
			rel, _ := filepath.Rel(b.dirs[v68], pd)
			types := b.match(filepath.Base(pd), clients, index)
			if note := splitNotes[s.legacy[0]]; note != "" {
				split(types, note)
			}
			b.m.Legacy[v68+"/"+filepath.ToSlash(rel)] = types
		}
	}
	return nil
}

// match picks, for each legacy method of package pkgName, the current
// method that sends the same operation. Among several, it prefers, in this
// order: the same kind (a legacy method returning a ...Future and a
// Begin... method, or neither), the same client type name, a package of
// the same family (policy and armpolicy), and the method's own name in its
// new form (Begin..., New...Pager). An operation addressed by its ID alone
// (/{id}) names no resource type, so only the client of the same name in a
// package of the same family (or a client named with that family in front,
// PolicyAssignmentsClient for armpolicy's AssignmentsClient) can send it:
// policy's
// AssignmentsClient.GetByID is armpolicy.AssignmentsClient's, never the
// generic armresources.Client.GetByID (which takes the caller's
// api-version and returns a GenericResource).
func (b *builder) match(pkgName string, clients map[string]*legacyClient, index map[op][]armRef) map[string]*inventory.LegacyClient {
	out := map[string]*inventory.LegacyClient{}
	for _, t := range sortedKeys(clients) {
		c := clients[t]
		lc := &inventory.LegacyClient{Client: -1, Methods: map[string]inventory.Target{}}
		votes := map[int]int{}
		for _, m := range sortedKeys(c.ops) {
			best, ok := pick(pkgName, t, m, c.async[m], c.ops[m], index[c.ops[m]])
			if !ok {
				lc.Methods[m] = inventory.Target{Client: -1, Reason: inventory.ReasonDropped}
				continue
			}
			ci := b.client(best.pkg, best.client)
			votes[ci]++
			lc.Methods[m] = inventory.Target{Client: ci, Method: best.method}
		}
		for ci, n := range votes {
			if lc.Client < 0 || n > votes[lc.Client] || (n == votes[lc.Client] && ci < lc.Client) {
				lc.Client = ci
			}
		}
		if lc.Client < 0 {
			lc.Reason = inventory.ReasonDropped
		}
		out[t] = lc
	}
	return out
}

// pick chooses the replacement of the legacy method typ.m (of package
// pkgName, async when it returns a ...Future) among the current methods
// that send its operation o; see match.
func pick(pkgName, typ, m string, async bool, o op, refs []armRef) (armRef, bool) {
	best, bestScore := armRef{}, -1
	base := strings.TrimSuffix(m, "Complete")
	for _, r := range refs {
		family := sameFamily(pkgName, r.pkg)
		if o.byIDAlone() && !(family && r.client == typ) && !prefixedClient(typ, r) {
			continue
		}
		score := 0
		if async == strings.HasPrefix(r.method, "Begin") {
			score += 8
		}
		if r.client == typ {
			score += 4
		}
		if family {
			score += 2
		}
		if r.method == m || r.method == "Begin"+m || r.method == "New"+base+"Pager" {
			score++
		}
		if score > bestScore || (score == bestScore && lessRef(r, best)) {
			best, bestScore = r, score
		}
	}
	return best, bestScore >= 0
}

// sameFamily says whether a package of the current SDK is the successor
// of a v68 package named legacyName: armpolicy (or armpolicy/v2) of
// policy.
func sameFamily(legacyName, pkg string) bool {
	parts := strings.Split(pkg, "/")
	name := parts[len(parts)-1]
	if len(parts) > 1 && len(name) > 1 && name[0] == 'v' && strings.Trim(name[1:], "0123456789") == "" {
		name = parts[len(parts)-2]
	}
	return name == "arm"+legacyName
}

// prefixedClient says whether a legacy client type is a current client
// named with its package's family in front: v68 resources 2015-11-01's
// PolicyAssignmentsClient is armpolicy's AssignmentsClient.
func prefixedClient(typ string, r armRef) bool {
	parts := strings.Split(r.pkg, "/")
	name := parts[len(parts)-1]
	if len(parts) > 1 && len(name) > 1 && name[0] == 'v' && strings.Trim(name[1:], "0123456789") == "" {
		name = parts[len(parts)-2]
	}
	family, ok := strings.CutPrefix(name, "arm")
	if !ok || family == "" {
		return false
	}
	return strings.EqualFold(typ, family+r.client)
}

// split marks the legacy clients whose methods go to several replacement
// clients, one per family (the Key Vault BaseClient): their candidates, and
// the note a user needs.
func split(types map[string]*inventory.LegacyClient, note string) {
	for _, lc := range types {
		seen := map[int]bool{}
		var cands []int
		for _, tg := range lc.Methods {
			if tg.Client >= 0 && !seen[tg.Client] {
				seen[tg.Client] = true
				cands = append(cands, tg.Client)
			}
		}
		if len(cands) < 2 {
			continue
		}
		sort.Ints(cands)
		lc.Candidates, lc.Note = cands, note
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func lessRef(a, b armRef) bool {
	if a.pkg != b.pkg {
		return a.pkg < b.pkg
	}
	if a.client != b.client {
		return a.client < b.client
	}
	return a.method < b.method
}

// client returns the index of a replacement client, adding it.
func (b *builder) client(pkg, typ string) int {
	c := inventory.Client{Module: b.modIdx[modulePath(pkg)], Package: pkg, Type: typ, Constructor: b.ctors[pkg][typ]}
	return b.clientEntry(c)
}

func (b *builder) clientEntry(c inventory.Client) int {
	if i, ok := b.clients[c]; ok {
		return i
	}
	b.clients[c] = len(b.m.Clients)
	b.m.Clients = append(b.m.Clients, c)
	return len(b.m.Clients) - 1
}

// curated adds the track-1 data-plane clients, in a fixed order.
func (b *builder) curated() {
	pkgs := make([]string, 0, len(curated))
	for p := range curated {
		pkgs = append(pkgs, p)
	}
	sort.Strings(pkgs)
	ref := func(c curatedClient) int {
		mi, ok := b.modIdx[modulePath(c.pkg)]
		if !ok {
			return -1
		}
		return b.clientEntry(inventory.Client{Module: mi, Package: c.pkg, Type: c.typ, Constructor: c.ctor})
	}
	for _, p := range pkgs {
		types := map[string]*inventory.LegacyClient{}
		names := make([]string, 0, len(curated[p]))
		for n := range curated[p] {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			t := curated[p][n]
			lc := &inventory.LegacyClient{Client: ref(t.client), Methods: map[string]inventory.Target{}, Curated: true}
			ms := make([]string, 0, len(t.methods))
			for m := range t.methods {
				ms = append(ms, m)
			}
			sort.Strings(ms)
			for _, m := range ms {
				tg := t.methods[m]
				ci := ref(tg.client)
				if ci < 0 {
					lc.Methods[m] = inventory.Target{Client: -1}
					continue
				}
				lc.Methods[m] = inventory.Target{Client: ci, Method: tg.method}
			}
			types[n] = lc
		}
		b.m.Legacy[p] = types
	}
}
