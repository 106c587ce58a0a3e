// Command mutate plants the bugs an operator mutator (gremlins) does not: it
// deletes one statement at a time (a call such as r.Stop(), an assignment, a
// defer or go statement, a whole if statement such as a check and its early
// return) from a package's non-test files, and runs the package's tests
// against each mutant, through go's -overlay flag, so that no file is
// changed. A mutant that does not build is not counted; one the tests pass
// lived, and is printed with its place and statement.
//
//	go run ./internal/cmd/mutate ./internal/redact ./internal/storagecred
//	go run ./internal/cmd/mutate -files '^(entry|sender)\.go$' -threshold 0 .
//
// With -sample n it tests n of a package's mutants, drawn with -seed: the same
// seed and sources give the same sample, so that a package whose tests are too
// slow for every mutant gets a reproducible estimate.
//
// The tests run with the environment's GOFLAGS, so that GOFLAGS=-run=...
// selects the tests.
//
// It exits with 1 if a package's efficacy, killed / (killed + lived), is below
// -threshold percent.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"
)

// mutant is a file with one statement deleted.
type mutant struct {
	line int    // the statement's first line
	stmt string // its first line of text
	src  []byte // the file without it
}

// mutants returns the mutants of one file's source: one per deletable
// statement, in the order of the source.
func mutants(src []byte) ([]mutant, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", src, parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	var out []mutant
	ast.Inspect(f, func(n ast.Node) bool {
		b, ok := n.(*ast.BlockStmt)
		if !ok {
			return true
		}
		for _, s := range b.List {
			if !deletable(s) {
				continue
			}
			start, end := fset.Position(s.Pos()).Offset, fset.Position(s.End()).Offset
			text, _, _ := strings.Cut(string(src[start:end]), "\n")
			m := mutant{line: fset.Position(s.Pos()).Line, stmt: strings.TrimSpace(text)}
			m.src = append(append(append([]byte{}, src[:start]...), "{}"...), src[end:]...)
			out = append(out, m)
		}
		return true
	})
	sort.SliceStable(out, func(i, j int) bool { return out[i].line < out[j].line })
	return out, nil
}

// deletable reports whether deleting s is a plausible bug that may still
// build: not a declaration (its names are used later), not a return or a
// branch (the function would not end), not a block of its own.
func deletable(s ast.Stmt) bool {
	switch s := s.(type) {
	case *ast.ExprStmt, *ast.IncDecStmt, *ast.DeferStmt, *ast.GoStmt, *ast.IfStmt, *ast.SendStmt:
		return true
	case *ast.AssignStmt:
		return s.Tok != token.DEFINE
	}
	return false
}

// efficacy is killed / (killed + lived) in percent; 100 with neither.
func efficacy(count [4]int) float64 {
	if n := count[killed] + count[lived]; n > 0 {
		return 100 * float64(count[killed]) / float64(n)
	}
	return 100
}

// placed is a mutant of one file of a package.
type placed struct {
	file string
	mutant
}

// sample returns n of ms drawn with seed, in their original order; all of ms
// when n is 0 or at least len(ms).
func sample(ms []placed, n int, seed uint64) []placed {
	if n <= 0 || n >= len(ms) {
		return ms
	}
	idx := rand.New(rand.NewPCG(seed, 0)).Perm(len(ms))[:n]
	sort.Ints(idx)
	out := make([]placed, 0, n)
	for _, i := range idx {
		out = append(out, ms[i])
	}
	return out
}

// outcome of one mutant.
type outcome int

const (
	killed outcome = iota
	lived
	notViable
	timedOut
)

// run builds and tests pkg with file replaced by m.src.
func run(pkg, file string, m mutant, timeout time.Duration, tmp string) (outcome, error) {
	mfile := filepath.Join(tmp, "mutant.go")
	if err := os.WriteFile(mfile, m.src, 0o600); err != nil {
		return 0, err
	}
	abs, err := filepath.Abs(file)
	if err != nil {
		return 0, err
	}
	overlay, err := json.Marshal(map[string]map[string]string{"Replace": {abs: mfile}})
	if err != nil {
		return 0, err
	}
	ofile := filepath.Join(tmp, "overlay.json")
	if err := os.WriteFile(ofile, overlay, 0o600); err != nil {
		return 0, err
	}
	if err := exec.Command("go", "build", "-overlay", ofile, pkg).Run(); err != nil {
		return notViable, nil
	}
	// The test binary ends itself at -timeout (a deadlock the mutant plants
	// ends there, with no process left behind); the context is a backstop.
	ctx, cancel := context.WithTimeout(context.Background(), timeout+time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", "test", "-count=1", "-failfast", "-timeout", timeout.String(), "-overlay", ofile, pkg)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err = cmd.Run()
	switch {
	case ctx.Err() != nil, bytes.Contains(out.Bytes(), []byte("panic: test timed out after")):
		return timedOut, nil
	case err == nil:
		return lived, nil
	}
	var exit *exec.ExitError
	if !errors.As(err, &exit) {
		return 0, err
	}
	return killed, nil
}

// packageMutants returns the mutants of pkg's non-test files whose names
// match only (every file when only is nil), file by file in name order.
func packageMutants(pkg string, only *regexp.Regexp) ([]placed, error) {
	names, err := filepath.Glob(filepath.Join(pkg, "*.go"))
	if err != nil {
		return nil, err
	}
	var out []placed
	for _, file := range names {
		base := filepath.Base(file)
		if strings.HasSuffix(base, "_test.go") || (only != nil && !only.MatchString(base)) {
			continue
		}
		src, err := os.ReadFile(file)
		if err != nil {
			return nil, err
		}
		ms, err := mutants(src)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		for _, m := range ms {
			out = append(out, placed{file: file, mutant: m})
		}
	}
	return out, nil
}

func main() {
	files := flag.String("files", "", "mutate only the files whose names match this regular expression")
	threshold := flag.Float64("threshold", 0, "the least efficacy, in percent, of every package")
	timeout := flag.Duration("timeout", 90*time.Second, "the longest a mutant's tests may run (a deadlock it plants ends there)")
	n := flag.Int("sample", 0, "test only this many of each package's mutants, drawn with -seed (0: all)")
	seed := flag.Uint64("seed", 1, "the seed of -sample")
	list := flag.Bool("list", false, "print the mutants (after -sample) without testing them")
	flag.Parse()
	var only *regexp.Regexp
	if *files != "" {
		only = regexp.MustCompile(*files)
	}
	tmp, err := os.MkdirTemp("", "mutate")
	if err != nil {
		fmt.Fprintln(os.Stderr, "mutate:", err)
		os.Exit(2)
	}
	defer os.RemoveAll(tmp)
	failed := false
	for _, pkg := range flag.Args() {
		var count [4]int
		all, err := packageMutants(pkg, only)
		if err != nil {
			fmt.Fprintln(os.Stderr, "mutate:", err)
			os.Exit(2)
		}
		ms := sample(all, *n, *seed)
		if len(ms) < len(all) {
			fmt.Printf("%s: %d of %d mutants, sampled with -seed %d\n", pkg, len(ms), len(all), *seed)
		}
		if *list {
			for _, m := range ms {
				fmt.Printf("  %s:%d: delete %s\n", m.file, m.line, m.stmt)
			}
			continue
		}
		perFile := map[string]*[4]int{}
		var files []string
		for _, m := range ms {
			if perFile[m.file] == nil {
				perFile[m.file] = new([4]int)
				files = append(files, m.file)
			}
			o, err := run(pkg, m.file, m.mutant, *timeout, tmp)
			if err != nil {
				fmt.Fprintln(os.Stderr, "mutate:", err)
				os.Exit(2)
			}
			count[o]++
			perFile[m.file][o]++
			if o == lived || o == timedOut {
				fmt.Printf("  %s %s:%d: deleted %s\n", map[outcome]string{lived: "LIVED", timedOut: "TIMED OUT"}[o], m.file, m.line, m.stmt)
			}
		}
		if len(files) > 1 {
			for _, f := range files {
				c := perFile[f]
				fmt.Printf("  %s: killed %d, lived %d, not viable %d, timed out %d: efficacy %.1f%%\n",
					f, c[killed], c[lived], c[notViable], c[timedOut], efficacy(*c))
			}
		}
		fmt.Printf("%s: killed %d, lived %d, not viable %d, timed out %d: efficacy %.1f%%\n",
			pkg, count[killed], count[lived], count[notViable], count[timedOut], efficacy(count))
		if e := efficacy(count); e < *threshold {
			fmt.Printf("%s: efficacy %.1f%% is below %.1f%%\n", pkg, e, *threshold)
			failed = true
		}
	}
	if failed {
		os.Exit(1)
	}
}
