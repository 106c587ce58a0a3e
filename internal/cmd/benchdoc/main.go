// Command benchdoc runs the benchmarks BENCHMARKS.md and README.md report,
// summarizes them with benchstat (medians), counts the packages the root
// package builds, and writes the tables and figures into both documents,
// between markers:
//
//	<!-- benchdoc:NAME -->...<!-- /benchdoc -->
//
// so that a figure shown in several places comes from one run. Run it from
// the repository's root on a quiet machine:
//
//	go run ./internal/cmd/benchdoc            # -count 10, about 15 minutes on 2 cores
//	go run ./internal/cmd/benchdoc -render    # rewrite the documents from .bench/ only
//
// The raw results stay in .bench/ (one file per benchmark) for benchstat.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// benchstat is pinned so that every run formats its tables alike.
const benchstat = "golang.org/x/perf/cmd/benchstat@v0.0.0-20260908200009-22c9c6c9d4da"

// outDir holds the raw results, one file per benchmark set.
const outDir = ".bench"

// A set is one go test run of benchmarks and how benchstat shows it.
type set struct {
	name  string   // file in outDir, and the table's marker name
	dir   string   // module directory, from the repository's root
	pkg   string   // package, from dir
	bench string   // -bench pattern
	flags []string // further go test flags
	col   string   // benchstat -col ("" for none)
}

func sets(count int, benchtime string) []set {
	n := strconv.Itoa(count)
	bt := func(def string) []string {
		if benchtime != "" {
			def = benchtime
		}
		if def == "" {
			return nil
		}
		return []string{"-benchtime", def}
	}
	loadCount := strconv.Itoa(min(count, 6))
	return []set{
		{"authorize", ".", ".", "^BenchmarkAuthorize$", append([]string{"-benchmem", "-count", n, "-cpu", "1,2"}, bt("")...), "/impl"},
		{"hosts", ".", ".", "^(BenchmarkAuthorizeHosts|BenchmarkAuthorizeAuxiliaryTenants)$", append([]string{"-benchmem", "-count", n}, bt("")...), ""},
		{"logger", ".", ".", "^BenchmarkAuthorizeLogger$", append([]string{"-benchmem", "-count", n}, bt("")...), "/logger"},
		{"attach", ".", ".", "^BenchmarkAttachPut$", append([]string{"-benchmem", "-count", n}, bt("")...), "/impl"},
		{"load", ".", ".", "^BenchmarkLoad$", append([]string{"-count", loadCount}, bt("3s")...), "/impl"},
		{"auth", ".", "./auth", "^BenchmarkAuthorizer$", append([]string{"-benchmem", "-count", n, "-cpu", "1,2"}, bt("")...), "/impl"},
		{"keyvault", "examples", "./interop", "^BenchmarkKeyVaultGetSecret$", append([]string{"-benchmem", "-count", n}, bt("")...), "/impl"},
	}
}

func main() {
	count := flag.Int("count", 10, "runs of each benchmark (benchstat reports their median)")
	benchtime := flag.String("benchtime", "", "go test -benchtime for every set (default: go's 1s, 3s for the load test)")
	render := flag.Bool("render", false, "rewrite the documents from the results in .bench/ without running the benchmarks")
	flag.Parse()
	if err := run(*count, *benchtime, *render); err != nil {
		fmt.Fprintln(os.Stderr, "benchdoc:", err)
		os.Exit(1)
	}
}

func run(count int, benchtime string, render bool) error {
	if _, err := os.Stat("BENCHMARKS.md"); err != nil {
		return errors.New("run from the repository's root")
	}
	all := sets(count, benchtime)
	if !render {
		if err := os.MkdirAll(outDir, 0o755); err != nil {
			return err
		}
		if b, err := os.ReadFile("/proc/loadavg"); err == nil {
			fmt.Printf("load average before the run: %s", b)
		}
		env, err := environment(count)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(outDir, "environment.txt"), []byte(env), 0o644); err != nil {
			return err
		}
		for _, s := range all {
			if err := runSet(s); err != nil {
				return err
			}
		}
	}
	values := map[string]string{}
	env, err := os.ReadFile(filepath.Join(outDir, "environment.txt"))
	if err != nil {
		return fmt.Errorf("no results in %s: run without -render first: %w", outDir, err)
	}
	values["environment"] = strings.TrimSpace(string(env))
	raw := map[string]results{}
	for _, s := range all {
		b, err := os.ReadFile(filepath.Join(outDir, s.name+".txt"))
		if err != nil {
			return err
		}
		raw[s.name] = parse(b)
		table, err := stat(s)
		if err != nil {
			return err
		}
		values["table:"+s.name] = "```\n" + table + "```"
	}
	if err := figures(raw, values); err != nil {
		return err
	}
	if err := packages(values); err != nil {
		return err
	}
	for _, doc := range []string{"BENCHMARKS.md", "README.md"} {
		if err := rewrite(doc, values); err != nil {
			return err
		}
	}
	return nil
}

// environment describes the machine and toolchain of a run.
func environment(count int) (string, error) {
	out, err := exec.Command("go", "env", "GOVERSION").Output()
	if err != nil {
		return "", fmt.Errorf("go env: %w", err)
	}
	cpu := ""
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		if m := regexp.MustCompile(`(?m)^model name\s*:\s*(.+)$`).FindSubmatch(b); m != nil {
			cpu = " (" + strings.TrimSpace(string(m[1])) + ")"
		}
	}
	return fmt.Sprintf("%s, %s/%s, %d CPUs%s, medians of %d runs, %s",
		strings.TrimSpace(string(out)), runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), cpu, count,
		time.Now().UTC().Format("2006-01-02")), nil
}

// runSet runs one set's benchmarks into outDir, echoing the results.
func runSet(s set) error {
	args := append([]string{"-C", s.dir, "test", "-run", "^$", "-bench", s.bench}, s.flags...)
	args = append(args, s.pkg)
	fmt.Println("go", strings.Join(args, " "))
	cmd := exec.Command("go", args...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, os.Stderr
	if err := cmd.Run(); err != nil {
		os.Stdout.Write(out.Bytes())
		return fmt.Errorf("%s: %w", s.name, err)
	}
	return os.WriteFile(filepath.Join(outDir, s.name+".txt"), out.Bytes(), 0o644)
}

// stat returns benchstat's tables of a set.
func stat(s set) (string, error) {
	args := []string{"run", benchstat}
	file := filepath.Join(outDir, s.name+".txt")
	if s.col != "" {
		args = append(args, "-col", s.col, file)
	} else {
		args = append(args, "Wrapper="+file) // the column's title
	}
	cmd := exec.Command("go", args...)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("benchstat %s: %w", s.name, err)
	}
	// the header names the machine, given once in the environment line
	var keep []string
	for _, l := range strings.Split(string(out), "\n") {
		if strings.HasPrefix(l, "goos:") || strings.HasPrefix(l, "goarch:") || strings.HasPrefix(l, "pkg:") || strings.HasPrefix(l, "cpu:") {
			continue
		}
		keep = append(keep, strings.TrimRight(l, " "))
	}
	text := strings.TrimLeft(strings.Join(keep, "\n"), "\n")
	return strings.TrimRight(text, "\n") + "\n", nil
}

// results holds every measurement of a run: benchmark name (without the
// Benchmark prefix, with the -N GOMAXPROCS suffix) -> unit -> values.
type results map[string]map[string][]float64

func parse(b []byte) results {
	r := results{}
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") {
			continue
		}
		name := strings.TrimPrefix(f[0], "Benchmark")
		for i := 2; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				continue
			}
			if r[name] == nil {
				r[name] = map[string][]float64{}
			}
			r[name][f[i+1]] = append(r[name][f[i+1]], v)
		}
	}
	return r
}

// median returns the median of a benchmark's values in a unit.
func (r results) median(name, unit string) (float64, error) {
	vs := slices.Clone(r[name][unit])
	if len(vs) == 0 {
		return 0, fmt.Errorf("no %s for %s", unit, name)
	}
	sort.Float64s(vs)
	if len(vs)%2 == 1 {
		return vs[len(vs)/2], nil
	}
	return (vs[len(vs)/2-1] + vs[len(vs)/2]) / 2, nil
}

// figures computes the figures the prose cites, from the medians.
func figures(raw map[string]results, values map[string]string) error {
	var errs []error
	med := func(set, name, unit string) float64 {
		v, err := raw[set].median(name, unit)
		errs = append(errs, err)
		return v
	}
	a := "Authorize/impl="
	wrapper := med("authorize", a+"Wrapper/mode=serial", "ns/op")
	wrapperPar := med("authorize", a+"Wrapper/mode=parallel-2", "ns/op")
	adal := med("authorize", a+"AdalBearer/mode=serial", "ns/op")
	adalPar := med("authorize", a+"AdalBearer/mode=parallel-2", "ns/op")
	pipeline := med("authorize", a+"PipelineCopy/mode=serial", "ns/op")
	floor := med("authorize", a+"HeaderFloor/mode=serial", "ns/op")
	allocs := med("authorize", a+"Wrapper/mode=serial", "allocs/op")
	adalAllocs := med("authorize", a+"AdalBearer/mode=serial", "allocs/op")
	values["wrapper_ns"] = ns(wrapper)
	values["wrapper_parallel_ns"] = ns(wrapperPar)
	values["wrapper_allocs"] = strconv.Itoa(int(math.Round(allocs)))
	values["adal_ns"] = ns(adal)
	values["adal_parallel_ns"] = ns(adalPar)
	values["adal_allocs"] = strconv.Itoa(int(math.Round(adalAllocs)))
	values["pipeline_ns"] = ns(pipeline)
	values["floor_ns"] = ns(floor)
	values["wrapper_vs_adal"] = ratio(wrapper / adal)
	values["wrapper_vs_adal_share"] = share(wrapper / adal)
	values["wrapper_vs_adal_parallel"] = ratio(wrapperPar / adalPar)
	values["wrapper_vs_pipeline"] = ratio(wrapper / pipeline)

	twin := med("auth", "Authorizer/impl=BearerAuthorizer", "ns/op")
	twinWrapper := med("auth", "Authorizer/impl=Wrapper", "ns/op")
	values["twin_ns"] = ns(twin)
	values["twin_wrapper_ns"] = ns(twinWrapper)
	values["twin_vs_wrapper"] = ratio(twin / twinWrapper)

	cb := firstOf(raw["keyvault"], "KeyVaultGetSecret/impl=BearerAuthorizerCallback")
	ca := firstOf(raw["keyvault"], "KeyVaultGetSecret/impl=ChallengeAuthorizer")
	if cb == 0 || ca == 0 {
		return errors.New("no Key Vault results")
	}
	values["kv_callback_us"] = us(cb)
	values["kv_challenge_us"] = us(ca)
	values["kv_probe_us"] = us(cb - ca)
	return errors.Join(errs...)
}

// firstOf returns the median ns/op of a benchmark at any GOMAXPROCS.
func firstOf(r results, prefix string) float64 {
	for name := range r {
		if name == prefix || strings.HasPrefix(name, prefix+"-") {
			if v, err := r.median(name, "ns/op"); err == nil {
				return v
			}
		}
	}
	return 0
}

// ns formats a duration in nanoseconds with three significant digits.
func ns(v float64) string {
	if v >= 1000 {
		return us(v)
	}
	return fmt.Sprintf("%.0f ns", v)
}

// us formats a duration in nanoseconds as microseconds (or milliseconds)
// with three significant digits.
func us(v float64) string {
	unit := "µs"
	v /= 1e3
	if v >= 1000 {
		unit, v = "ms", v/1e3
	}
	switch {
	case v >= 100:
		return fmt.Sprintf("%.0f %s", v, unit)
	case v >= 10:
		return fmt.Sprintf("%.1f %s", v, unit)
	}
	return fmt.Sprintf("%.2f %s", v, unit)
}

// ratio formats a ratio with two significant digits.
func ratio(v float64) string {
	return fmt.Sprintf("%.2gx", v)
}

// shares are the fractions share names in words.
var shares = []struct {
	v    float64
	name string
}{
	{1.0 / 10, "a tenth"}, {1.0 / 5, "a fifth"}, {1.0 / 4, "a quarter"}, {1.0 / 3, "a third"},
	{1.0 / 2, "half"}, {2.0 / 3, "two thirds"}, {3.0 / 4, "three quarters"}, {1, "the same"},
}

// share words a ratio below 1.5 as the nearest plain fraction ("about a
// quarter of the time"); a ratio is ambiguous to a reader ("0.26x" a
// slowdown or a speedup?), a share is not.
func share(v float64) string {
	if v >= 1.5 {
		return fmt.Sprintf("about %.2g times the time", v)
	}
	if v < 0.08 {
		return fmt.Sprintf("about 1/%.0f of the time", math.Round(1/v))
	}
	best := shares[0]
	for _, s := range shares[1:] {
		if math.Abs(math.Log(v/s.v)) < math.Abs(math.Log(v/best.v)) {
			best = s
		}
	}
	switch best.name {
	case "the same":
		return "about the same time as"
	case "half":
		return "about half the time"
	}
	return "about " + best.name + " of the time"
}

// packages counts what importing the root package builds besides the
// standard library and the module itself, and checks that none of the
// adapters' dependencies is among it.
func packages(values map[string]string) error {
	out, err := exec.Command("go", "list", "-deps",
		"-f", "{{if not .Standard}}{{.ImportPath}} {{with .Module}}{{.Path}}{{end}}{{end}}", ".").Output()
	if err != nil {
		return fmt.Errorf("go list: %w", err)
	}
	pkgs, mods := 0, map[string]bool{}
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		path, mod, _ := strings.Cut(l, " ")
		if mod == "github.com/azcompat/credwrapper" {
			continue
		}
		for _, adapter := range []string{"azure-storage-blob-go", "azure-storage-queue-go", "azure-amqp-common-go", "golang.org/x/tools"} {
			if strings.Contains(mod, adapter) {
				return fmt.Errorf("the root package imports %s, a dependency of an adapter or the migration tool", path)
			}
		}
		pkgs++
		mods[mod] = true
	}
	values["root_packages"] = strconv.Itoa(pkgs)
	values["root_modules"] = strconv.Itoa(len(mods))
	return nil
}

var marker = regexp.MustCompile(`(?s)<!-- benchdoc:([\w:]+) -->(.*?)<!-- /benchdoc -->`)

// rewrite replaces every marked value of a document.
func rewrite(doc string, values map[string]string) error {
	b, err := os.ReadFile(doc)
	if err != nil {
		return err
	}
	var missing []string
	out := marker.ReplaceAllStringFunc(string(b), func(m string) string {
		name := marker.FindStringSubmatch(m)[1]
		v, ok := values[name]
		if !ok {
			missing = append(missing, name)
			return m
		}
		if strings.HasPrefix(name, "table:") {
			v = "\n" + v + "\n"
		}
		return "<!-- benchdoc:" + name + " -->" + v + "<!-- /benchdoc -->"
	})
	if len(missing) > 0 {
		return fmt.Errorf("%s: unknown markers %v", doc, missing)
	}
	if out == string(b) {
		fmt.Println(doc, "unchanged")
		return nil
	}
	fmt.Println("wrote", doc)
	return os.WriteFile(doc, []byte(out), 0o644)
}
