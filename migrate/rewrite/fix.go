package rewrite

import (
	"bytes"
	"flag"
	"fmt"
	"go/format"
	"go/token"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"golang.org/x/mod/modfile"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"

	"github.com/azcompat/credwrapper/migrate/inventory"
)

// Report is what a run of the rewrite did.
type Report struct {
	// Calls are the legacy client calls, each rewritten or left with why.
	Calls []CallOutcome `json:"calls"`
	// Rewritten and Left count them.
	Rewritten int `json:"rewritten"`
	Left      int `json:"left"`
	// Files are the files changed.
	Files []string `json:"files"`
	// Modules are the modules added to go.mod, "path@version".
	Modules []string `json:"modules"`
}

// CallOutcome is what became of one legacy call.
type CallOutcome struct {
	Pos       string `json:"pos"` // file:line:column
	Legacy    string `json:"legacy"`
	Rewritten bool   `json:"rewritten"`
	Message   string `json:"message"`
}

// Main is credwrapper-migrate -inventory -fix: args are its other flags
// (-json) and package patterns, in the module of the working directory.
// It rewrites the files, adds the new modules to go.mod, and checks that
// go build and go vet pass; a file whose rewrite does not build is put
// back as it was, with why. It returns the exit code: 0 when the rewrite
// ran, whatever it left; 1 on an error; 2 on bad flags.
func Main(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("credwrapper-migrate -inventory -fix", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print the report as JSON")
	dryRun := fs.Bool("n", false, "report what the rewrite would do; write nothing and add no module")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	patterns := fs.Args()
	if len(patterns) == 0 {
		patterns = []string{"."}
	}
	r, err := fix(".", patterns, *dryRun, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "credwrapper-migrate:", err)
		return 1
	}
	return inventory.Print(r, *asJSON, stdout, stderr)
}

// WriteText prints each call's outcome and the counts.
func (r *Report) WriteText(w io.Writer) {
	for _, c := range r.Calls {
		fmt.Fprintf(w, "%s: %s\n", c.Pos, c.Message)
	}
	fmt.Fprintf(w, "\n%d legacy calls rewritten, %d left as they are (with why, above); %d files changed\n", r.Rewritten, r.Left, len(r.Files))
	for _, m := range r.Modules {
		fmt.Fprintf(w, "go.mod: added %s\n", m)
	}
}

// Fix rewrites the packages of patterns, in the module of dir. Progress
// (go get) goes to log.
func Fix(dir string, patterns []string, log io.Writer) (*Report, error) {
	return fix(dir, patterns, false, log)
}

func fix(dir string, patterns []string, dryRun bool, log io.Writer) (*Report, error) {
	gomod, err := goEnv(dir, "GOMOD")
	if err != nil {
		return nil, err
	}
	if gomod == "" || gomod == os.DevNull {
		return nil, fmt.Errorf("rewrite: %s is in no module: the rewrite adds the new modules to a go.mod", dir)
	}
	modDir := filepath.Dir(gomod)
	// The code must build before: a failure after is then the rewrite's.
	if dryRun {
		// Nothing is written: nothing to check.
	} else if out, err := goCmd(dir, append([]string{"build"}, patterns...)...); err != nil {
		return nil, fmt.Errorf("rewrite: the packages do not build before the rewrite; fix that first:\n%s", out)
	}
	load := func() ([]*packages.Package, error) {
		// The packages' syntax and types; their dependencies' types from
		// export data, as the inventory reads them.
		pkgs, err := inventory.LoadPackages(&packages.Config{Tests: true, Dir: dir}, patterns...)
		if err != nil {
			return nil, fmt.Errorf("rewrite: %w", err)
		}
		var msgs []string
		packages.Visit(pkgs, nil, func(p *packages.Package) {
			for _, e := range p.Errors {
				msgs = append(msgs, e.Error())
			}
		})
		if len(msgs) > 0 {
			return nil, fmt.Errorf("rewrite: loading the packages: %s", strings.Join(msgs, "; "))
		}
		return pkgs, nil
	}
	pkgs, err := load()
	if err != nil {
		return nil, err
	}
	inv, err := inventory.Inventory(pkgs)
	if err != nil {
		return nil, err
	}
	rep := &Report{Calls: []CallOutcome{}, Files: []string{}, Modules: []string{}}
	// The modules of the replacements the rewrite may use, at the map's
	// versions, unless go.mod already requires them.
	var added []string
	if !dryRun {
		added, err = requireModules(modDir, gomod, inv, log)
		if err != nil {
			return nil, err
		}
	}
	rep.Modules = added
	if len(added) > 0 {
		if pkgs, err = load(); err != nil {
			return nil, err
		}
	}
	m, err := inventory.Load()
	if err != nil {
		return nil, err
	}
	// Rewrite each file once (a package and its test variant share files).
	type fileState struct {
		orig     []byte
		outcomes []Outcome
		fset     *token.FileSet
		imports  []string // the packages the rewrite imports
	}
	files := map[string]*fileState{}
	var order []string
	loader := &exportLoader{}
	for _, p := range pkgs {
		for _, f := range p.Syntax {
			name := p.Fset.File(f.Pos()).Name()
			if files[name] != nil {
				continue
			}
			src, err := os.ReadFile(name)
			if err != nil {
				return nil, fmt.Errorf("rewrite: %w", err)
			}
			rf := rewriteFile(p.Fset, f, src, p.TypesInfo, p.Types, m, loader)
			st := &fileState{orig: src, fset: p.Fset}
			files[name] = st
			if rf == nil {
				continue
			}
			st.outcomes = rf.Outcomes
			st.imports = rf.Packages
			if len(rf.Edits) == 0 {
				continue
			}
			out, err := apply(p.Fset, src, rf.Edits)
			if err == nil {
				out, err = format.Source(out)
			}
			if err != nil {
				st.outcomes = leave(st.outcomes, "the rewrite does not parse ("+err.Error()+"): a defect of the rewrite, please report it")
				continue
			}
			if dryRun {
				continue
			}
			if err := os.WriteFile(name, out, 0o666); err != nil {
				return nil, fmt.Errorf("rewrite: %w", err)
			}
			order = append(order, name)
		}
	}
	// go build and go vet pass, or the files they fail on go back.
	for len(order) > 0 {
		out, err := goCmd(dir, append([]string{"build"}, patterns...)...)
		if err == nil {
			out, err = goCmd(dir, append([]string{"vet"}, patterns...)...)
		}
		if err == nil {
			break
		}
		failed := failingFiles(out, dir, order)
		if len(failed) == 0 {
			// The failure is elsewhere (a package that uses a rewritten
			// one): put every file back.
			for _, name := range order {
				failed[name] = true
			}
		}
		first := firstLine(out)
		var keep []string
		for _, name := range order {
			if !failed[name] {
				keep = append(keep, name)
				continue
			}
			st := files[name]
			if err := os.WriteFile(name, st.orig, 0o666); err != nil {
				return nil, fmt.Errorf("rewrite: %w", err)
			}
			st.outcomes = leave(st.outcomes, "the file's rewrite did not build ("+first+"); it is left as it was")
		}
		if len(keep) == len(order) {
			break
		}
		order = keep
	}
	// A module added for clients left as they are goes again.
	if len(added) > 0 {
		used := map[string]bool{}
		for _, name := range order {
			for _, p := range files[name].imports {
				for _, m := range added {
					path := m[:strings.LastIndex(m, "@")]
					if p == path || strings.HasPrefix(p, path+"/") {
						used[m] = true
					}
				}
			}
		}
		var kept []string
		for _, m := range added {
			if used[m] {
				kept = append(kept, m)
				continue
			}
			if out, err := goCmd(modDir, "mod", "edit", "-droprequire="+m[:strings.LastIndex(m, "@")]); err != nil {
				return nil, fmt.Errorf("rewrite: dropping the unused requirement %s: %s", m, out)
			}
		}
		rep.Modules = append([]string{}, kept...)
	}
	// The outcomes, and the inventory's calls that have none (the clients
	// the rewrite does not cover).
	seen := map[string]bool{}
	for name, st := range files {
		for _, o := range st.outcomes {
			pos := st.fset.Position(o.Pos)
			pos.Filename = name
			key := pos.String()
			seen[key] = true
			rep.Calls = append(rep.Calls, CallOutcome{Pos: key, Legacy: o.Legacy, Rewritten: o.Rewritten, Message: o.Message})
		}
	}
	for _, p := range inv.Packages {
		for _, c := range p.Calls {
			if seen[c.Pos] {
				continue
			}
			why := "the rewrite covers the calls of the v68 management clients; "
			if strings.HasPrefix(c.LegacyPackage, v68Services) && strings.Contains(c.LegacyPackage, "/mgmt/") || keyVaultDataPlane(c.LegacyPackage) {
				why = "this use of the client (a method value, a call through an interface or a chained call) is not rewritten yet; "
			}
			rep.Calls = append(rep.Calls, CallOutcome{Pos: c.Pos, Legacy: c.Legacy, Message: c.Legacy + ": not rewritten: " + why + c.Message})
		}
	}
	sort.Slice(rep.Calls, func(i, j int) bool { return rep.Calls[i].Pos < rep.Calls[j].Pos })
	for _, c := range rep.Calls {
		if c.Rewritten {
			rep.Rewritten++
		} else {
			rep.Left++
		}
	}
	rep.Files = append(rep.Files, order...)
	sort.Strings(rep.Files)
	return rep, nil
}

// leave turns a file's rewritten outcomes into ones left, with why.
func leave(outcomes []Outcome, why string) []Outcome {
	out := make([]Outcome, len(outcomes))
	for i, o := range outcomes {
		out[i] = o
		if o.Rewritten {
			out[i].Rewritten = false
			out[i].Message = o.Legacy + ": not rewritten: " + why
		}
	}
	return out
}

// apply applies non-overlapping edits, sorted by position.
func apply(fset *token.FileSet, src []byte, edits []analysis.TextEdit) ([]byte, error) {
	var buf bytes.Buffer
	last := 0
	for _, e := range edits {
		s, end := fset.Position(e.Pos).Offset, fset.Position(e.End).Offset
		if !e.End.IsValid() {
			end = s
		}
		if s < last || end < s || end > len(src) {
			return nil, fmt.Errorf("overlapping edits at offset %d", s)
		}
		buf.Write(src[last:s])
		buf.Write(e.NewText)
		last = end
	}
	buf.Write(src[last:])
	return buf.Bytes(), nil
}

var errorPos = regexp.MustCompile(`(?m)^(?:vet: )?([^\s:]+\.go):\d+:\d+`)

// failingFiles are the rewritten files that go build's or go vet's output
// names.
func failingFiles(out, dir string, rewritten []string) map[string]bool {
	failed := map[string]bool{}
	for _, m := range errorPos.FindAllStringSubmatch(out, -1) {
		p := m[1]
		if !filepath.IsAbs(p) {
			p = filepath.Join(dir, p)
		}
		p, _ = filepath.Abs(p)
		for _, name := range rewritten {
			if a, _ := filepath.Abs(name); a == p {
				failed[name] = true
			}
		}
	}
	return failed
}

func firstLine(out string) string {
	for _, l := range strings.Split(out, "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			return l
		}
	}
	return "no output"
}

// requireModules runs go get for the modules of the inventory's
// replacements of v68 management clients that go.mod does not require.
func requireModules(modDir, gomod string, inv *inventory.Report, log io.Writer) ([]string, error) {
	data, err := os.ReadFile(gomod)
	if err != nil {
		return nil, fmt.Errorf("rewrite: %w", err)
	}
	f, err := modfile.ParseLax(gomod, data, nil)
	if err != nil {
		return nil, fmt.Errorf("rewrite: %w", err)
	}
	required := map[string]bool{}
	for _, r := range f.Require {
		required[r.Mod.Path] = true
	}
	want := map[string]bool{}
	for _, p := range inv.Packages {
		for _, c := range p.Calls {
			if c.Module != "" && (strings.HasPrefix(c.LegacyPackage, v68Services) && strings.Contains(c.LegacyPackage, "/mgmt/") || keyVaultDataPlane(c.LegacyPackage)) && !required[c.Module] {
				want[c.Module+"@"+c.Version] = true
			}
		}
	}
	if len(want) == 0 {
		return nil, nil
	}
	var mods []string
	for m := range want {
		mods = append(mods, m)
	}
	sort.Strings(mods)
	fmt.Fprintf(log, "credwrapper-migrate: the rewrite imports modules go.mod does not require: go get %s\n", strings.Join(mods, " "))
	if out, err := goCmd(modDir, append([]string{"get"}, mods...)...); err != nil {
		return nil, fmt.Errorf("rewrite: go get %s failed: %s", strings.Join(mods, " "), out)
	}
	return mods, nil
}

func goEnv(dir, name string) (string, error) {
	out, err := goCmd(dir, "env", name)
	if err != nil {
		return "", fmt.Errorf("rewrite: go env %s: %s", name, out)
	}
	return strings.TrimSpace(out), nil
}

// goCmd runs the go command in dir and returns its combined output.
func goCmd(dir string, args ...string) (string, error) {
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	return string(out), err
}
