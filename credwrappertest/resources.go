package credwrappertest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
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

// DefaultPageSize is the number of items a collection GET of [Resources]
// returns per page unless [Resources.SetPageSize] says otherwise.
const DefaultPageSize = 10

// Resources is a generic fake Azure Resource Manager: it stores any resource
// by ID and serves it, behind the token checks of [ARM] (it is ARM's
// handler for every path under a provider, such as
// /subscriptions/{s}/resourceGroups/{g}/providers/Microsoft.Storage/storageAccounts/{name}).
//
//   - PUT stores the body as the resource, adding id, name, type and
//     properties.provisioningState "Succeeded"; PATCH merges the body into
//     the stored resource; GET returns it; DELETE removes it.
//   - A GET of a collection (.../providers/Microsoft.Network/virtualNetworks,
//     or a subscription-wide /subscriptions/{s}/providers/{ns}/{type}) lists
//     the stored resources of that type under the path, by ID, in pages of
//     [DefaultPageSize] linked by nextLink.
//   - A POST to a resource's action (.../storageAccounts/{name}/listKeys)
//     or a provider's (/subscriptions/{s}/providers/Microsoft.Storage/checkNameAvailability)
//     answers the response set with [Resources.SetAction], or 200 with no
//     body.
//   - Each of these completes synchronously unless [Resources.SetLRO] says it
//     is polled: through Azure-AsyncOperation or Location, answering
//     "InProgress" [Resources.SetInProgressPolls] times first. Polling
//     answers carry Retry-After: 0 and retry-after-ms: 1, so clients poll
//     again at once.
//
// Every request ARM receives is also recorded in the cloud's [Traffic].
// The methods are safe for concurrent use.
type Resources struct {
	mu         sync.Mutex                // guards the fields below
	resources  map[string]map[string]any // lower-case ID -> resource
	ids        map[string]string         // lower-case ID -> ID as first written
	lro        map[string]LRO            // lower-case "METHOD target" or "target" -> mode
	actions    map[string]any            // lower-case target -> response
	pageSize   int
	inProgress int
	ops        map[string]*operation // operation ID -> state
	nextOp     int

	groupExists func(subscription, group string) bool // set by ARM; nil: any group exists
}

type operation struct {
	polls    int            // InProgress answers left
	method   string         // the method that started it
	result   map[string]any // the resource or action result ("" for none)
	location string         // the operation's Location URL (Location mode)
}

func newResources() *Resources {
	return &Resources{
		resources: map[string]map[string]any{},
		ids:       map[string]string{},
		lro:       map[string]LRO{},
		actions:   map[string]any{},
		pageSize:  DefaultPageSize,
		ops:       map[string]*operation{},
	}
}

// SetLRO sets how requests on target complete. target is a resource type
// ("Microsoft.Storage/storageAccounts"), an action of one
// ("Microsoft.Compute/virtualMachines/start") or a resource ID, optionally
// preceded by a method and a space ("DELETE Microsoft.Storage/storageAccounts").
// The most specific setting wins: a resource ID before an action before a
// type, and with a method before without. Matching ignores case.
func (rm *Resources) SetLRO(target string, mode LRO) {
	rm.mu.Lock()
	defer rm.mu.Unlock()
	rm.lro[strings.ToLower(target)] = mode
}

// SetAction sets the response of a POST action. target is a resource type
// and the action ("Microsoft.Storage/storageAccounts/listKeys"), a resource
// ID and the action, or a provider's action
// ("Microsoft.Storage/checkNameAvailability"). response is marshaled to
// JSON.
func (rm *Resources) SetAction(target string, response any) {
	rm.mu.Lock()
	defer rm.mu.Unlock()
	rm.actions[strings.ToLower(target)] = response
}

// SetPageSize sets the number of items per page of collection GETs (at least
// one).
func (rm *Resources) SetPageSize(n int) {
	rm.mu.Lock()
	defer rm.mu.Unlock()
	rm.pageSize = max(n, 1)
}

// SetInProgressPolls sets how many polls of an operation answer "InProgress"
// before it succeeds (default 0: the first poll sees it done).
func (rm *Resources) SetInProgressPolls(n int) {
	rm.mu.Lock()
	defer rm.mu.Unlock()
	rm.inProgress = max(n, 0)
}

// Put stores a resource directly, without a request, as a PUT of body to
// id would.
func (rm *Resources) Put(id string, body map[string]any) error {
	p, err := parseResourcePath(id)
	if err != nil || p.collection {
		return fmt.Errorf("credwrappertest: Put: %q is not a resource ID", id)
	}
	rm.mu.Lock()
	defer rm.mu.Unlock()
	rm.store(p, body)
	return nil
}

// Get returns a copy of the stored resource with the given ID, or false.
func (rm *Resources) Get(id string) (map[string]any, bool) {
	rm.mu.Lock()
	defer rm.mu.Unlock()
	r, ok := rm.resources[strings.ToLower(strings.TrimSuffix(id, "/"))]
	if !ok {
		return nil, false
	}
	return deepCopy(r).(map[string]any), true
}

// IDs returns the IDs of the stored resources, sorted.
func (rm *Resources) IDs() []string {
	rm.mu.Lock()
	defer rm.mu.Unlock()
	out := make([]string, 0, len(rm.ids))
	for _, id := range rm.ids {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}

// resourcePath is a parsed ARM path under a provider.
type resourcePath struct {
	scope      string // /subscriptions/{s}[/resourceGroups/{g}]
	id         string // the resource ID (the collection's parent for a collection)
	typ        string // Namespace/type[/type...]
	name       string // the last name ("" for a collection)
	collection bool   // the path ends with a type
}

// parseResourcePath parses /subscriptions/{s}[/resourceGroups/{g}]/providers/{ns}/{type}[/{name}[/{type}/{name}...]].
func parseResourcePath(path string) (resourcePath, error) {
	seg := strings.Split(strings.Trim(path, "/"), "/")
	p := -1
	for i, s := range seg {
		if strings.EqualFold(s, "providers") {
			p = i
			break
		}
	}
	if p < 0 || len(seg) < p+3 || !strings.EqualFold(seg[0], "subscriptions") || (p != 2 && p != 4) {
		return resourcePath{}, fmt.Errorf("credwrappertest: %q is not a resource path", path)
	}
	for _, s := range seg {
		if s == "" {
			return resourcePath{}, fmt.Errorf("credwrappertest: %q has an empty segment", path)
		}
	}
	rp := resourcePath{scope: "/" + strings.Join(seg[:p], "/")}
	rest := seg[p+2:]
	types := []string{seg[p+1]}
	for i := 0; i < len(rest); i += 2 {
		types = append(types, rest[i])
	}
	rp.typ = strings.Join(types, "/")
	rp.collection = len(rest)%2 == 1
	if rp.collection {
		rp.id = "/" + strings.Join(seg[:len(seg)-1], "/")
	} else {
		rp.id = "/" + strings.Join(seg, "/")
		rp.name = seg[len(seg)-1]
	}
	return rp, nil
}

// isOperationPath reports whether path is an operation URL the fake hands
// out: /subscriptions/{s}/providers/{ns}/locations/{l}/operationStatuses/{id}
// or .../operationResults/{id}.
func isOperationPath(path string) bool {
	_, _, ok := operationID(path)
	return ok
}

func operationID(path string) (kind, id string, ok bool) {
	seg := strings.Split(strings.Trim(path, "/"), "/")
	if len(seg) != 8 || !strings.EqualFold(seg[2], "providers") || !strings.EqualFold(seg[4], "locations") {
		return "", "", false
	}
	switch strings.ToLower(seg[6]) {
	case "operationstatuses", "operationresults":
		return strings.ToLower(seg[6]), seg[7], true
	}
	return "", "", false
}

// serve answers a request under a provider. body is the request body, already read.
func (rm *Resources) serve(w http.ResponseWriter, r *http.Request) int {
	body, err := readBody(r)
	if err != nil {
		return armError(w, http.StatusBadRequest, "InvalidRequestContent", "The request content cannot be read.")
	}
	if kind, id, ok := operationID(r.URL.Path); ok && r.Method == http.MethodGet {
		return rm.poll(w, kind, id)
	}
	p, err := parseResourcePath(r.URL.Path)
	if err != nil {
		return armError(w, http.StatusNotFound, "InvalidResourceType", "The fake ARM does not serve "+r.Method+" "+r.URL.Path)
	}
	if seg := strings.Split(strings.Trim(p.scope, "/"), "/"); len(seg) == 4 && rm.groupExists != nil && !rm.groupExists(seg[1], seg[3]) {
		return armError(w, http.StatusNotFound, "ResourceGroupNotFound", "Resource group '"+seg[3]+"' could not be found.")
	}
	var in map[string]any
	if len(body) > 0 {
		if err := json.Unmarshal(body, &in); err != nil {
			return armError(w, http.StatusBadRequest, "InvalidRequestContent", "The request content is not a JSON object: "+err.Error())
		}
	}
	rm.mu.Lock()
	defer rm.mu.Unlock()
	key := strings.ToLower(p.id)
	switch {
	case p.collection && r.Method == http.MethodGet:
		return rm.list(w, r, p)
	case p.collection && r.Method == http.MethodPost:
		return rm.action(w, r, p)
	case p.collection:
		return armError(w, http.StatusMethodNotAllowed, "MethodNotAllowed", r.Method+" is not supported on a collection")
	}
	stored, exists := rm.resources[key]
	switch r.Method {
	case http.MethodGet, http.MethodHead:
		if !exists {
			return armError(w, http.StatusNotFound, "ResourceNotFound", "The Resource '"+p.typ+"/"+p.name+"' was not found.")
		}
		writeJSON(w, http.StatusOK, stored)
		return http.StatusOK
	case http.MethodPut:
		if in == nil {
			return armError(w, http.StatusBadRequest, "InvalidRequestContent", "The request content must be a resource.")
		}
		res := rm.store(p, in)
		status := http.StatusCreated
		if exists {
			status = http.StatusOK
		}
		return rm.complete(w, r, p, status, res, exists)
	case http.MethodPatch:
		if !exists {
			return armError(w, http.StatusNotFound, "ResourceNotFound", "The Resource '"+p.typ+"/"+p.name+"' was not found.")
		}
		merge(stored, in)
		return rm.complete(w, r, p, http.StatusOK, stored, true)
	case http.MethodDelete:
		if !exists {
			w.WriteHeader(http.StatusNoContent)
			return http.StatusNoContent
		}
		rm.delete(key)
		return rm.complete(w, r, p, http.StatusOK, nil, true)
	}
	return armError(w, http.StatusMethodNotAllowed, "MethodNotAllowed", r.Method)
}

// store saves body as the resource at p and returns it. Called with rm.mu held.
func (rm *Resources) store(p resourcePath, body map[string]any) map[string]any {
	res := deepCopy(body).(map[string]any)
	res["id"], res["name"], res["type"] = p.id, p.name, p.typ
	props, _ := res["properties"].(map[string]any)
	if props == nil {
		props = map[string]any{}
		res["properties"] = props
	}
	props["provisioningState"] = "Succeeded"
	key := strings.ToLower(p.id)
	rm.resources[key] = res
	if _, ok := rm.ids[key]; !ok {
		rm.ids[key] = p.id
	}
	return res
}

// delete removes a resource and its children. Called with rm.mu held.
func (rm *Resources) delete(key string) {
	for k := range rm.resources {
		if k == key || strings.HasPrefix(k, key+"/") {
			delete(rm.resources, k)
			delete(rm.ids, k)
		}
	}
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

// list answers a collection GET. Called with rm.mu held.
func (rm *Resources) list(w http.ResponseWriter, r *http.Request, p resourcePath) int {
	prefix := strings.ToLower(p.id) + "/"
	if strings.EqualFold(p.id, p.scope+"/providers/"+strings.Split(p.typ, "/")[0]) {
		prefix = strings.ToLower(p.scope) + "/" // a type listed across a scope
	}
	var ids []string
	for key, res := range rm.resources {
		if strings.HasPrefix(key, prefix) && strings.EqualFold(res["type"].(string), p.typ) {
			ids = append(ids, key)
		}
	}
	sort.Strings(ids)
	skip, _ := strconv.Atoi(r.URL.Query().Get("$skiptoken"))
	skip = min(max(skip, 0), len(ids))
	end := min(skip+rm.pageSize, len(ids))
	page := map[string]any{"value": []any{}}
	values := make([]any, 0, end-skip)
	for _, k := range ids[skip:end] {
		values = append(values, rm.resources[k])
	}
	page["value"] = values
	if end < len(ids) {
		q := url.Values{"api-version": {r.URL.Query().Get("api-version")}, "$skiptoken": {strconv.Itoa(end)}}
		page["nextLink"] = "https://" + r.Host + r.URL.Path + "?" + q.Encode()
	}
	writeJSON(w, http.StatusOK, page)
	return http.StatusOK
}

// action answers a POST to a resource's action. Called with rm.mu held.
func (rm *Resources) action(w http.ResponseWriter, r *http.Request, p resourcePath) int {
	name := r.URL.Path[strings.LastIndex(r.URL.Path, "/")+1:]
	targets := []string{p.typ} // a provider's action: /subscriptions/{s}/providers/{ns}/{action}
	parent, err := parseResourcePath(p.id)
	if err == nil && parent.collection {
		return armError(w, http.StatusNotFound, "InvalidResourceType", "The fake ARM does not serve "+r.Method+" "+r.URL.Path)
	}
	if err == nil {
		if _, ok := rm.resources[strings.ToLower(parent.id)]; !ok {
			return armError(w, http.StatusNotFound, "ResourceNotFound", "The Resource '"+parent.typ+"/"+parent.name+"' was not found.")
		}
		targets = []string{parent.id + "/" + name, parent.typ + "/" + name}
	} else {
		parent = p // its type is the action's: Namespace/action
		name = ""
	}
	var result map[string]any
	for _, t := range targets {
		if resp, ok := rm.actions[strings.ToLower(t)]; ok {
			b, err := json.Marshal(resp)
			if err != nil {
				return armError(w, http.StatusInternalServerError, "InternalServerError", "credwrappertest: the response of "+t+" cannot be marshaled: "+err.Error())
			}
			if err := json.Unmarshal(b, &result); err != nil {
				return armError(w, http.StatusInternalServerError, "InternalServerError", "credwrappertest: the response of "+t+" is not a JSON object")
			}
			break
		}
	}
	mode := rm.mode(http.MethodPost, parent, name)
	if mode != Synchronous {
		rm.start(w, r, parent, mode, result)
		w.WriteHeader(http.StatusAccepted)
		return http.StatusAccepted
	}
	if result == nil {
		w.WriteHeader(http.StatusOK)
		return http.StatusOK
	}
	writeJSON(w, http.StatusOK, result)
	return http.StatusOK
}

// merge merges patch into dst as a JSON merge patch (RFC 7396): objects
// merge, null removes, anything else replaces.
func merge(dst, patch map[string]any) {
	for k, v := range patch {
		switch pv := v.(type) {
		case nil:
			delete(dst, k)
		case map[string]any:
			d, ok := dst[k].(map[string]any)
			if !ok {
				d = map[string]any{}
				dst[k] = d
			}
			merge(d, pv)
		default:
			dst[k] = deepCopy(v)
		}
	}
}

func deepCopy(v any) any {
	switch t := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(t))
		for k, e := range t {
			m[k] = deepCopy(e)
		}
		return m
	case []any:
		s := make([]any, len(t))
		for i, e := range t {
			s[i] = deepCopy(e)
		}
		return s
	}
	return v
}

// readBody reads and restores r's body.
func readBody(r *http.Request) ([]byte, error) {
	if r.Body == nil {
		return nil, nil
	}
	b, err := io.ReadAll(r.Body)
	r.Body.Close()
	r.Body = io.NopCloser(strings.NewReader(string(b)))
	return b, err
}
