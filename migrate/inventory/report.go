package inventory

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/tools/go/packages"
)

// Report is the inventory of a set of packages.
type Report struct {
	// Packages are the packages with legacy calls, sorted by path.
	Packages []PackageReport `json:"packages"`
	// LegacyCalls counts the legacy calls left in all the packages.
	LegacyCalls int `json:"legacyCalls"`
	// NoReplacement counts the calls for which none was found.
	NoReplacement int `json:"noReplacement"`
	// Modules are the modules to add, "path version", sorted.
	Modules []string `json:"modules"`
	// Stage3 is set when no legacy call is left.
	Stage3 bool `json:"stage3"`
	// CredwrapperUses are the credwrapper constructor calls, which stage 3
	// replaces with the azidentity credential.
	CredwrapperUses []Use `json:"credwrapperUses"`
}

// PackageReport is the inventory of one package.
type PackageReport struct {
	Path    string   `json:"path"`
	Calls   []Call   `json:"calls"`
	Modules []string `json:"modules"` // the modules to add, "path version"
}

// Inventory finds the legacy calls of packages loaded with at least
// [LoadMode] (as [LoadPackages] does) and gathers them. A package and its
// test variant share files: each call is counted once, under the package's
// path (an external test package's path ends in _test).
func Inventory(pkgs []*packages.Package) (*Report, error) {
	r := &Report{Packages: []PackageReport{}, Modules: []string{}, CredwrapperUses: []Use{}}
	all := map[string]bool{}
	seen := map[string]bool{}
	byPath := map[string]*PackageReport{}
	pkgMods := map[string]map[string]bool{}
	for _, pkg := range pkgs {
		res, err := Analyze(pkg)
		if err != nil {
			return nil, err
		}
		for _, u := range res.CredwrapperUses {
			if !seen[u.Pos] {
				seen[u.Pos] = true
				r.CredwrapperUses = append(r.CredwrapperUses, u)
			}
		}
		for _, c := range res.Calls {
			if seen[c.Pos] {
				continue
			}
			seen[c.Pos] = true
			path := pkg.PkgPath
			pr := byPath[path]
			if pr == nil {
				pr = &PackageReport{Path: path}
				byPath[path] = pr
				pkgMods[path] = map[string]bool{}
			}
			pr.Calls = append(pr.Calls, c)
			r.LegacyCalls++
			if c.Module == "" {
				r.NoReplacement++
				continue
			}
			for _, m := range append([]Replacement{{Module: c.Module, Version: c.Version}}, c.Also...) {
				pkgMods[path][m.Module+" "+m.Version] = true
				all[m.Module+" "+m.Version] = true
			}
		}
	}
	for path, pr := range byPath {
		pr.Modules = sortedSet(pkgMods[path])
		sort.SliceStable(pr.Calls, func(i, j int) bool { return lessPos(pr.Calls[i].Pos, pr.Calls[j].Pos) })
		r.Packages = append(r.Packages, *pr)
	}
	sort.Slice(r.Packages, func(i, j int) bool { return r.Packages[i].Path < r.Packages[j].Path })
	sort.Slice(r.CredwrapperUses, func(i, j int) bool { return lessPos(r.CredwrapperUses[i].Pos, r.CredwrapperUses[j].Pos) })
	r.Modules = sortedSet(all)
	r.Stage3 = r.LegacyCalls == 0
	return r, nil
}

// lessPos orders file:line:column positions by file, then line and column
// as numbers.
func lessPos(a, b string) bool {
	fa, la, ca := splitPos(a)
	fb, lb, cb := splitPos(b)
	if fa != fb {
		return fa < fb
	}
	if la != lb {
		return la < lb
	}
	return ca < cb
}

func splitPos(p string) (file string, line, col int) {
	i := strings.LastIndexByte(p, ':')
	if i < 0 {
		return p, 0, 0
	}
	col, _ = strconv.Atoi(p[i+1:])
	p = p[:i]
	j := strings.LastIndexByte(p, ':')
	if j < 0 {
		return p, 0, col
	}
	line, _ = strconv.Atoi(p[j+1:])
	return p[:j], line, col
}

func sortedSet(s map[string]bool) []string {
	out := make([]string, 0, len(s))
	for k := range s {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// WriteText prints the diagnostics, then a summary per package and in
// total, and, when no legacy call is left, the credwrapper uses stage 3
// replaces. As go vet does, it names a file under the working directory by
// its relative path (the JSON report keeps the absolute one).
func (r *Report) WriteText(w io.Writer) {
	for _, p := range r.Packages {
		for _, c := range p.Calls {
			fmt.Fprintf(w, "%s: %s\n", shortPos(c.Pos), c.Message)
		}
	}
	if len(r.Packages) > 0 {
		fmt.Fprintln(w)
	}
	for _, p := range r.Packages {
		none := 0
		for _, c := range p.Calls {
			if c.Module == "" {
				none++
			}
		}
		fmt.Fprintf(w, "%s: %d legacy call(s) left", p.Path, len(p.Calls))
		if none > 0 {
			fmt.Fprintf(w, ", %d with no replacement found", none)
		}
		fmt.Fprintln(w)
		for _, m := range p.Modules {
			fmt.Fprintf(w, "\tadd %s\n", m)
		}
	}
	if !r.Stage3 {
		fmt.Fprintf(w, "\n%d legacy call(s) left in %d package(s), %d with no replacement found; %d module(s) to add\n",
			r.LegacyCalls, len(r.Packages), r.NoReplacement, len(r.Modules))
		return
	}
	fmt.Fprintln(w, "No legacy client call is left: stage 3 can start (MIGRATION.md).")
	if len(r.CredwrapperUses) == 0 {
		fmt.Fprintln(w, "No credwrapper constructor is called.")
		return
	}
	fmt.Fprintln(w, "These credwrapper uses can become the azidentity credential itself:")
	for _, u := range r.CredwrapperUses {
		fmt.Fprintf(w, "%s: %s\n", shortPos(u.Pos), u.Name)
	}
}

// shortPos returns a position (file:line:column) with the file relative to
// the working directory when it is under it.
func shortPos(pos string) string {
	wd, err := os.Getwd()
	if err != nil || !filepath.IsAbs(pos) {
		return pos
	}
	rel, err := filepath.Rel(wd, pos)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return pos
	}
	return rel
}

// loadConfig is how Main loads packages (tests point it at testdata).
var loadConfig = packages.Config{Tests: true}

// Main is credwrapper-migrate -inventory: args are its other flags (-json)
// and package patterns. It returns the exit code: 0 when the inventory ran,
// whatever it found; 1 on an error; 2 on bad flags.
func Main(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("credwrapper-migrate -inventory", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print the report as JSON")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	patterns := fs.Args()
	if len(patterns) == 0 {
		patterns = []string{"."}
	}
	cfg := loadConfig
	pkgs, err := LoadPackages(&cfg, patterns...)
	if err != nil {
		fmt.Fprintln(stderr, "credwrapper-migrate:", err)
		return 1
	}
	if packages.PrintErrors(pkgs) > 0 {
		return 1
	}
	r, err := Inventory(pkgs)
	if err != nil {
		fmt.Fprintln(stderr, "credwrapper-migrate:", err)
		return 1
	}
	return Print(r, *asJSON, stdout, stderr)
}

// Print prints a report of the tool (the inventory's, the rewrite's): as
// indented JSON when asJSON, else as its text. It returns Main's exit code:
// 0, or 1 when the output cannot be written.
func Print(r interface{ WriteText(io.Writer) }, asJSON bool, stdout, stderr io.Writer) int {
	if asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "\t")
		if err := enc.Encode(r); err != nil {
			fmt.Fprintln(stderr, "credwrapper-migrate:", err)
			return 1
		}
		return 0
	}
	r.WriteText(stdout)
	return 0
}
