package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"strconv"
	"strings"
)

// childEnv marks the process that runs the analysis: the command runs itself
// as a child so that it can act after the checker, which exits when it is
// done, and name itself in the checker's messages.
const childEnv = "CREDWRAPPER_MIGRATE_CHILD"

// checkerName is the analyzer's name, which the checker prints as the
// command's: an analyzer's name must be a Go identifier.
const checkerName = "credwrappermigrate"

// command is the name users type.
const command = "credwrapper-migrate"

// wrap runs the analysis in a child process, passes its output on (with the
// command's own name), and then, after -fix, adds the credwrapper
// requirement to go.mod when the fixed code needs it (requirement.go). It
// returns the exit code, and false when this process is to run the analysis
// itself: in the child, and under go vet, which speaks to the tool through
// its own protocol.
func wrap(args []string) (int, bool) {
	if os.Getenv(childEnv) != "" || vetProtocol(args) {
		return 0, false
	}
	exe, err := os.Executable()
	if err != nil {
		return 0, false
	}
	var req *requirement
	if fixRequested(args) {
		req = checkRequirement()
	}
	code, err := runChild(exe, args)
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", command, err)
		return 1, true
	}
	if req != nil && (code == 0 || code == 3) {
		if err := req.complete(); err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", command, err)
			return 1, true
		}
	}
	return code, true
}

// vetProtocol reports whether go vet -vettool runs the command: it asks for
// its version (-V=full) or flags (-flags), or passes a .cfg file.
func vetProtocol(args []string) bool {
	for _, a := range args {
		if strings.HasPrefix(a, "-V") || strings.HasPrefix(a, "--V") || a == "-flags" || a == "--flags" {
			return true
		}
	}
	return len(args) > 0 && strings.HasSuffix(args[len(args)-1], ".cfg")
}

// fixRequested reports whether args ask for the fixes to be applied (-fix,
// -fix=true...) and not only shown (-diff).
func fixRequested(args []string) bool {
	fix := false
	for _, a := range args {
		if a == "--" {
			break
		}
		name, value, hasValue := strings.Cut(strings.TrimPrefix(strings.TrimPrefix(a, "-"), "-"), "=")
		if !strings.HasPrefix(a, "-") || (name != "fix" && name != "diff") {
			continue
		}
		on := true
		if hasValue {
			on, _ = strconv.ParseBool(value)
		}
		if name == "diff" && on {
			return false
		}
		if name == "fix" {
			fix = on
		}
	}
	return fix
}

// runChild runs the command again as the analysis process with args, its
// standard error renamed (rename), and returns its exit code.
func runChild(exe string, args []string) (int, error) {
	cmd := exec.Command(exe, args...)
	cmd.Env = append(os.Environ(), childEnv+"=1")
	cmd.Stdin, cmd.Stdout = os.Stdin, os.Stdout
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return 0, err
	}
	// An interrupt reaches the child too (same process group); this process
	// waits for the child's last words instead of dying first.
	signal.Notify(make(chan os.Signal, 1), os.Interrupt)
	if err := cmd.Start(); err != nil {
		return 0, err
	}
	copyErr := rename(os.Stderr, stderr)
	err = cmd.Wait()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return exit.ExitCode(), nil
	}
	if err != nil {
		return 0, err
	}
	return 0, copyErr
}

// rename copies the checker's standard error from r to w, line by line,
// printing the command's name where the checker prints the analyzer's (a
// message's prefix, the usage line).
func rename(w io.Writer, r io.Reader) error {
	br := bufio.NewReader(r)
	for {
		line, err := br.ReadString('\n')
		if rest, ok := strings.CutPrefix(line, checkerName+":"); ok {
			line = command + ":" + rest
		} else if rest, ok := strings.CutPrefix(line, "Usage: "+checkerName+" "); ok {
			line = "Usage: " + command + " " + rest
		}
		if _, werr := io.WriteString(w, line); werr != nil {
			return werr
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}
