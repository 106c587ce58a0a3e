package credwrappertest

import (
	"encoding/json"
	"fmt"
	"os"
	"sync"
)

// RecordEnv names the environment variable that records a whole test run:
// when it names a file, every [Cloud] appends its [Recording] there when it
// is closed, one JSON [NamedRecording] a line. Run a package's tests with it
// before and after a migration, read both files with [ReadRecordings] and
// compare the recordings of each test: the tests' own fakes record the
// traffic, with no change to the tests.
const RecordEnv = "CREDWRAPPERTEST_RECORD"

// NamedRecording is one cloud's recording in a [RecordEnv] file.
type NamedRecording struct {
	// Test is the name of the test that started the cloud with [NewTest]
	// ("" for [New]).
	Test string
	// Recording is what the cloud's Traffic held when it was closed.
	Recording Recording
}

// recordMu serializes the appends of the clouds of one process.
var recordMu sync.Mutex

// appendRecording appends the cloud's recording to the file [RecordEnv]
// names, if any.
func (c *Cloud) appendRecording() error {
	path := os.Getenv(RecordEnv)
	if path == "" {
		return nil
	}
	line, err := json.Marshal(NamedRecording{Test: c.test, Recording: c.Traffic.Recording()})
	if err != nil {
		return fmt.Errorf("credwrappertest: %s: %w", RecordEnv, err)
	}
	recordMu.Lock()
	defer recordMu.Unlock()
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("credwrappertest: %s: %w", RecordEnv, err)
	}
	_, err = f.Write(append(line, '\n'))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("credwrappertest: %s: %w", RecordEnv, err)
	}
	return nil
}

// ReadRecordings reads a file written through [RecordEnv], in the order the
// clouds were closed.
func ReadRecordings(path string) ([]NamedRecording, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("credwrappertest: ReadRecordings: %w", err)
	}
	defer f.Close()
	var out []NamedRecording
	for dec := json.NewDecoder(f); dec.More(); {
		var r NamedRecording
		if err := dec.Decode(&r); err != nil {
			return nil, fmt.Errorf("credwrappertest: ReadRecordings: %s: record %d: %w", path, len(out)+1, err)
		}
		out = append(out, r)
	}
	return out, nil
}
