// Package child runs programs in child processes for the examples' tests:
// with an environment cleared of credentials, clouds and trusted
// certificates, and a liveness bound that dumps a hung child's goroutines.
package child

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// CleanEnviron is this process's environment without anything that names a
// credential, a cloud or trusted certificates.
func CleanEnviron() []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, "AZURE_") || strings.HasPrefix(name, "SSL_CERT_") || strings.HasPrefix(name, "IDENTITY_") ||
			strings.HasPrefix(name, "MSI_") || strings.HasPrefix(name, "IMDS_") {
			continue
		}
		env = append(env, kv)
	}
	return env
}

// Result is what a child printed and how it exited.
type Result struct {
	Stdout, Stderr string
	Code           int
}

// Run runs name with args in dir (empty: the current directory) and env (nil:
// this process's). A child still running after limit is sent SIGQUIT, which
// makes a Go program print its goroutines, then killed: a liveness bound,
// not a speed assertion. It fails the test only if the child cannot start.
func Run(t testing.TB, limit time.Duration, dir string, env []string, name string, args ...string) Result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir, cmd.Env = dir, env
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGQUIT) }
	cmd.WaitDelay = 5 * time.Second
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatalf("running %s: %v", name, err)
	}
	return Result{Stdout: stdout.String(), Stderr: stderr.String(), Code: cmd.ProcessState.ExitCode()}
}
