package credwrappertest

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// LRO says how the fake Resource Manager answers a request that the real
// service may complete asynchronously: PUT, PATCH, DELETE and POST actions.
type LRO int

const (
	// Synchronous completes the request in its response (200, 201 or 204).
	Synchronous LRO = iota
	// AsyncOperation answers 201 (PUT) or 202 with an Azure-AsyncOperation
	// header naming an operation status to poll.
	AsyncOperation
	// Location answers 202 with a Location header; polling it answers 202
	// until the operation ends, then the result.
	Location
)

// String returns the name of the mode.
func (m LRO) String() string {
	switch m {
	case Synchronous:
		return "Synchronous"
	case AsyncOperation:
		return "AsyncOperation"
	case Location:
		return "Location"
	}
	return "LRO(" + strconv.Itoa(int(m)) + ")"
}

// operation is a long-running operation the fake started.
type operation struct {
	polls    int            // InProgress answers left
	method   string         // the method that started it
	result   map[string]any // the resource or action result (nil for none)
	location string         // the operation's Location URL (Location mode)
}

// mode returns the LRO mode for method on p (action "" for the resource).
// Called with rm.mu held.
func (rm *Resources) mode(method string, p resourcePath, action string) LRO {
	targets := []string{p.id, p.typ}
	if action != "" {
		targets = []string{p.id + "/" + action, p.typ + "/" + action}
	}
	for _, t := range targets {
		t = strings.ToLower(t)
		if m, ok := rm.lro[strings.ToLower(method)+" "+t]; ok {
			return m
		}
		if m, ok := rm.lro[t]; ok {
			return m
		}
	}
	return Synchronous
}

// complete answers a PUT, PATCH or DELETE of p that has taken effect, with
// status and result if synchronous. Called with rm.mu held.
func (rm *Resources) complete(w http.ResponseWriter, r *http.Request, p resourcePath, status int, result map[string]any, existed bool) int {
	mode := rm.mode(r.Method, p, "")
	if mode == Synchronous {
		if result == nil {
			w.WriteHeader(status)
			return status
		}
		writeJSON(w, status, result)
		return status
	}
	rm.start(w, r, p, mode, result)
	switch {
	case mode == AsyncOperation && r.Method == http.MethodPut && result != nil:
		// The real service answers 201 with the resource still being created.
		body := deepCopy(result).(map[string]any)
		state := "Creating"
		if existed {
			state = "Updating"
		}
		body["properties"].(map[string]any)["provisioningState"] = state
		writeJSON(w, http.StatusCreated, body)
		return http.StatusCreated
	}
	w.WriteHeader(http.StatusAccepted)
	return http.StatusAccepted
}

// start begins an operation and sets its headers. Called with rm.mu held.
func (rm *Resources) start(w http.ResponseWriter, r *http.Request, p resourcePath, mode LRO, result map[string]any) {
	rm.nextOp++
	id := fmt.Sprintf("op-%06d", rm.nextOp)
	ns, _, _ := strings.Cut(p.typ, "/")
	sub := strings.Split(strings.Trim(p.scope, "/"), "/")[1]
	base := "https://" + r.Host + "/subscriptions/" + sub + "/providers/" + ns + "/locations/fake/"
	q := "?api-version=" + url.QueryEscape(r.URL.Query().Get("api-version"))
	op := &operation{polls: rm.inProgress, method: r.Method, result: result}
	h := w.Header()
	if mode == AsyncOperation {
		h.Set("Azure-AsyncOperation", base+"operationStatuses/"+id+q)
	} else {
		op.location = base + "operationResults/" + id + q
		h.Set("Location", op.location)
	}
	h.Set("Retry-After", "0")
	h.Set("retry-after-ms", "1")
	rm.ops[id] = op
}

// poll answers a GET of an operation URL.
func (rm *Resources) poll(w http.ResponseWriter, kind, id string) int {
	rm.mu.Lock()
	defer rm.mu.Unlock()
	op, ok := rm.ops[id]
	if !ok {
		return armError(w, http.StatusNotFound, "OperationNotFound", "The operation '"+id+"' was not found.")
	}
	inProgress := op.polls > 0
	if inProgress {
		op.polls--
	}
	w.Header().Set("Retry-After", "0")
	w.Header().Set("retry-after-ms", "1")
	if kind == "operationstatuses" {
		status := "Succeeded"
		if inProgress {
			status = "InProgress"
		}
		writeJSON(w, http.StatusOK, map[string]any{"id": id, "name": id, "status": status})
		return http.StatusOK
	}
	if inProgress {
		w.Header().Set("Location", op.location)
		w.WriteHeader(http.StatusAccepted)
		return http.StatusAccepted
	}
	if op.result == nil {
		w.WriteHeader(http.StatusNoContent)
		return http.StatusNoContent
	}
	writeJSON(w, http.StatusOK, op.result)
	return http.StatusOK
}
