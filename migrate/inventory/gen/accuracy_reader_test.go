//go:build sdkwide

package main

import (
	"go/token"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const legacySrc = `package policy

import "github.com/Azure/go-autorest/autorest"

type AssignmentsClient struct{}
type AssignmentsDeleteFuture struct{}

func (client AssignmentsClient) GetByID(ctx context.Context, policyAssignmentID string) (result Assignment, err error) { return }
func (client AssignmentsClient) GetByIDPreparer(ctx context.Context, policyAssignmentID string) (*http.Request, error) {
	pathParameters := map[string]interface{}{"policyAssignmentId": policyAssignmentID}
	const APIVersion = "2019-09-01"
	queryParameters := map[string]interface{}{
		"api-version": APIVersion,
	}
	preparer := autorest.CreatePreparer(
		autorest.WithBaseURL(client.BaseURI),
		autorest.WithPathParameters("/{policyAssignmentId}", pathParameters),
		autorest.WithQueryParameters(queryParameters))
	return preparer.Prepare((&http.Request{}).WithContext(ctx))
}

type Client struct{}

func (client Client) DeleteByID(ctx context.Context, resourceID string, APIVersion string) (result DeleteByIDFuture, err error) { return }
func (client Client) DeleteByIDPreparer(ctx context.Context, resourceID string, APIVersion string) (*http.Request, error) {
	queryParameters := map[string]interface{}{
		"api-version": APIVersion,
	}
	preparer := autorest.CreatePreparer(
		autorest.AsDelete(),
		autorest.WithPathParameters("/{resourceId}/", pathParameters),
		autorest.WithQueryParameters(queryParameters))
	return preparer.Prepare((&http.Request{}).WithContext(ctx))
}
`

const newSrc = `package armresources

type Client struct{}

func (client *Client) BeginDeleteByID(ctx context.Context, resourceID string, apiVersion string, options *ClientBeginDeleteByIDOptions) (*runtime.Poller[ClientDeleteByIDResponse], error) {
	resp, err := client.deleteByID(ctx, resourceID, apiVersion, options)
	return nil, err
}
func (client *Client) deleteByID(ctx context.Context, resourceID string, apiVersion string, options *ClientBeginDeleteByIDOptions) (*http.Response, error) {
	req, err := client.deleteByIDCreateRequest(ctx, resourceID, apiVersion, options)
	return nil, err
}
func (client *Client) deleteByIDCreateRequest(ctx context.Context, resourceID string, apiVersion string, _ *ClientBeginDeleteByIDOptions) (*policy.Request, error) {
	urlPath := "/{resourceId}"
	req, err := runtime.NewRequest(ctx, http.MethodDelete, runtime.JoinPaths(client.internal.Endpoint(), urlPath))
	reqQP := req.Raw().URL.Query()
	reqQP.Set("api-version", apiVersion)
	return req, nil
}

type AssignmentsClient struct{}

func (client *AssignmentsClient) GetByID(ctx context.Context, policyAssignmentID string, options *AssignmentsClientGetByIDOptions) (AssignmentsClientGetByIDResponse, error) {
	req, err := client.getByIDCreateRequest(ctx, policyAssignmentID, options)
	return AssignmentsClientGetByIDResponse{}, err
}
func (client *AssignmentsClient) getByIDCreateRequest(ctx context.Context, policyAssignmentID string, _ *AssignmentsClientGetByIDOptions) (*policy.Request, error) {
	urlPath := "/{policyAssignmentId}"
	req, err := runtime.NewRequest(ctx, http.MethodGet, runtime.JoinPaths(client.internal.Endpoint(), urlPath))
	reqQP := req.Raw().URL.Query()
	reqQP.Set("api-version", "2023-04-01")
	return req, nil
}
`

// The second reader tells a fixed api-version from the caller's (which
// tells the generic armresources.Client's by-ID methods from a service's
// own), reads autorest's default GET and a ...Future's kind, and follows a
// Begin... method to its CreateRequest.
func TestAccuracyReader(t *testing.T) {
	dir := t.TempDir()
	for name, src := range map[string]string{"legacy/policy.go": legacySrc, "new/client.go": newSrc} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(src), 0o644))
	}
	r := &reader{fset: token.NewFileSet(), cache: map[string]*readPkg{}}
	lp, err := r.pkg(filepath.Join(dir, "legacy"))
	require.NoError(t, err)
	np, err := r.pkg(filepath.Join(dir, "new"))
	require.NoError(t, err)

	get, err := legacyCall(lp, "AssignmentsClient", "GetByID")
	require.NoError(t, err)
	assert.Equal(t, restCall{method: "GET", path: "/{}", apiVersion: "fixed"}, get)
	del, err := legacyCall(lp, "Client", "DeleteByID")
	require.NoError(t, err)
	assert.Equal(t, restCall{method: "DELETE", path: "/{}", apiVersion: "caller", async: true}, del)

	newGet, err := newCall(np, "AssignmentsClient", "GetByID")
	require.NoError(t, err)
	assert.Equal(t, get, newGet)
	newDel, err := newCall(np, "Client", "BeginDeleteByID")
	require.NoError(t, err)
	assert.Equal(t, del, newDel)

	_, err = legacyCall(lp, "AssignmentsClient", "Nope")
	assert.Error(t, err)
	_, err = newCall(np, "AssignmentsClient", "Nope")
	assert.Error(t, err)
}
