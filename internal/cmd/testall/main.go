// Command testall runs every test of the repository's modules (the library,
// examples, examples/servicebus and the inventory's generator) with the go test flags it is
// given, prints what go test prints for a list of packages (one line per
// passing package, the whole output of a failing one), and ends with what
// was tested and what did not run: a skipped test is otherwise invisible
// behind its package's "ok". Run it from the repository's root:
//
//	go run ./internal/cmd/testall -race -count=1
//
// It exits with 1 if any package failed or did not build; the last lines
// name each failed package and its failed tests. It also prints the peak
// memory of each module's go test: its largest process, a test binary or
// the compiler. Unless GOMEMLIMIT is set, it runs go test with
// GOMEMLIMIT=1200MiB, a soft limit every child inherits: compiling the
// largest v68 packages with -race on an empty build cache (network, compute)
// peaks at 2.3 GiB without it and under 2 GiB with it, at some cost in time.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
	"sort"
	"strings"
	"syscall"
)

// modules are the repository's Go modules, from its root.
var modules = []string{".", "examples", "examples/servicebus", "migrate/inventory/gen"}

func main() {
	if _, err := os.Stat("go.mod"); err != nil {
		fmt.Fprintln(os.Stderr, "testall: run from the repository's root")
		os.Exit(2)
	}
	var s summary
	ok := true
	for _, dir := range modules {
		args := append([]string{"-C", dir, "test", "-json"}, os.Args[1:]...)
		args = append(args, "./...")
		cmd := exec.Command("go", args...)
		cmd.Stderr = os.Stderr
		if os.Getenv("GOMEMLIMIT") == "" {
			cmd.Env = append(os.Environ(), "GOMEMLIMIT=1200MiB")
		}
		out, err := cmd.StdoutPipe()
		if err != nil {
			fmt.Fprintln(os.Stderr, "testall:", err)
			os.Exit(2)
		}
		if err := cmd.Start(); err != nil {
			fmt.Fprintln(os.Stderr, "testall:", err)
			os.Exit(2)
		}
		s.read(out, os.Stdout)
		err = cmd.Wait()
		if err != nil {
			ok = false
			s.moduleErrs = append(s.moduleErrs, fmt.Sprintf("go test in %s: %v", dir, err))
		}
		if ru, isRusage := cmd.ProcessState.SysUsage().(*syscall.Rusage); isRusage {
			s.peaks = append(s.peaks, peak{dir, ru.Maxrss * 1024}) // KiB on Linux
		}
	}
	s.report(os.Stdout)
	s.reportPeaks(os.Stdout)
	if !ok || len(s.failed) > 0 {
		os.Exit(1)
	}
}

// event is one line of go test -json (cmd/test2json).
type event struct {
	Action      string
	Package     string
	Test        string
	Output      string
	ImportPath  string // build-output and build-fail
	FailedBuild string
}

// A line is a line of output, and the test that printed it ("" for the
// package).
type line struct {
	test, text string
}

// A skip is a test that did not run, and why.
type skip struct {
	pkg, test, reason string
}

// A failure is a package that failed, and its failed top-level tests (none
// when it failed to build or outside its tests).
type failure struct {
	pkg, build string
	tests      []string
}

// A peak is the largest resident set of a module's go test and the
// processes it waited for.
type peak struct {
	module string
	bytes  int64
}

// summary accumulates a run's outcome across modules.
type summary struct {
	packages, passed int
	failed           []failure
	skips            []skip
	moduleErrs       []string // a go test that failed, with its error
	peaks            []peak
}

// location is the file:line prefix of a t.Log or t.Skip line.
var location = regexp.MustCompile(`^\s*\w[\w.-]*\.go:\d+: `)

// read prints go test -json's events from r as go test prints a list of
// packages, and records the outcome.
func (s *summary) read(r io.Reader, w io.Writer) {
	pkgOut := map[string][]line{}        // package -> output lines
	testOut := map[string][]string{}     // package + test -> output lines
	failed := map[string]bool{}          // package + test -> failed
	failedTests := map[string][]string{} // package -> failed top-level tests
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	for sc.Scan() {
		var e event
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil || e.Action == "" {
			fmt.Fprintln(w, sc.Text()) // not an event: the go command's own output
			continue
		}
		key := e.Package + " " + e.Test
		switch e.Action {
		case "build-output":
			fmt.Fprint(w, e.Output)
		case "output":
			pkgOut[e.Package] = append(pkgOut[e.Package], line{e.Test, e.Output})
			if e.Test != "" {
				testOut[key] = append(testOut[key], e.Output)
			}
		case "pass", "fail", "skip":
			if e.Test != "" {
				s.test(e, testOut[key])
				delete(testOut, key)
				failed[key] = e.Action == "fail"
				if e.Action == "fail" && !strings.Contains(e.Test, "/") {
					failedTests[e.Package] = append(failedTests[e.Package], e.Test)
				}
				continue
			}
			if e.Action != "skip" { // a package with no tests is skipped
				s.packages++
			}
			lines := pkgOut[e.Package]
			delete(pkgOut, e.Package)
			if e.Action == "fail" {
				// as go test without -v: the failed tests' output and the
				// package's own, not the passing tests' or the progress lines
				for _, l := range lines {
					if (l.test == "" || failed[e.Package+" "+l.test]) && !strings.HasPrefix(l.text, "=== ") {
						fmt.Fprint(w, l.text)
					}
				}
				if len(lines) == 0 || !strings.HasPrefix(lines[len(lines)-1].text, "FAIL") {
					fmt.Fprintf(w, "FAIL\t%s\n", e.Package)
				}
				s.failed = append(s.failed, failure{e.Package, e.FailedBuild, failedTests[e.Package]})
				delete(failedTests, e.Package)
				continue
			}
			if len(lines) > 0 { // the package's "ok" or "?" line
				fmt.Fprint(w, lines[len(lines)-1].text)
			}
		}
	}
}

// test records a test's outcome: top-level tests are counted, skips kept
// with the reason they gave.
func (s *summary) test(e event, out []string) {
	if strings.Contains(e.Test, "/") {
		return
	}
	switch e.Action {
	case "pass":
		s.passed++
	case "skip":
		s.skips = append(s.skips, skip{e.Package, e.Test, skipReason(out)})
	}
}

// skipReason is the message a skipped test gave.
func skipReason(out []string) string {
	var msg []string
	for _, l := range out {
		t := strings.TrimSpace(l)
		if t == "" || strings.HasPrefix(t, "=== ") || strings.HasPrefix(t, "--- ") {
			continue
		}
		msg = append(msg, strings.TrimSpace(location.ReplaceAllString(l, "")))
	}
	if len(msg) == 0 {
		return "no reason given"
	}
	return strings.Join(msg, " ")
}

// report prints what was tested, what failed and, grouped by reason, what
// did not run.
func (s *summary) report(w io.Writer) {
	fmt.Fprintf(w, "\n%s in %s: %s passed", plural(s.packages, "package"), plural(len(modules), "module"), plural(s.passed, "test"))
	if len(s.failed) > 0 {
		fmt.Fprintf(w, ", %s FAILED", plural(len(s.failed), "package"))
	}
	fmt.Fprintf(w, ", %d skipped\n", len(s.skips))
	for _, f := range s.failed {
		switch {
		case len(f.tests) > 0:
			fmt.Fprintf(w, "FAILED %s: %s\n", f.pkg, strings.Join(f.tests, ", "))
		case f.build != "":
			fmt.Fprintf(w, "FAILED %s: build failed (%s)\n", f.pkg, f.build)
		default:
			fmt.Fprintf(w, "FAILED %s: outside its tests (see its output above)\n", f.pkg)
		}
	}
	for _, e := range s.moduleErrs {
		fmt.Fprintf(w, "FAILED %s\n", e)
	}
	byReason := map[string][]skip{}
	var reasons []string
	for _, sk := range s.skips {
		if byReason[sk.reason] == nil {
			reasons = append(reasons, sk.reason)
		}
		byReason[sk.reason] = append(byReason[sk.reason], sk)
	}
	sort.Strings(reasons)
	for _, r := range reasons {
		sks := byReason[r]
		pkgs := map[string]bool{}
		var names []string
		for _, sk := range sks {
			pkgs[sk.pkg] = true
			names = append(names, sk.test)
		}
		var pl []string
		for p := range pkgs {
			pl = append(pl, p)
		}
		sort.Strings(pl)
		fmt.Fprintf(w, "%d tests did not run (%s: %s):\n    %s\n", len(sks), strings.Join(pl, ", "), strings.Join(names, ", "), r)
	}
}

// reportPeaks prints the peak memory of each module's go test.
func (s *summary) reportPeaks(w io.Writer) {
	if len(s.peaks) == 0 {
		return
	}
	var parts []string
	for _, p := range s.peaks {
		parts = append(parts, fmt.Sprintf("%s %d MiB", p.module, p.bytes>>20))
	}
	fmt.Fprintf(w, "peak memory of the largest process, per module: %s\n", strings.Join(parts, ", "))
}

// plural is n and noun, with an s unless n is 1.
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
