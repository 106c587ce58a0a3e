package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestByIDAlone(t *testing.T) {
	for _, tc := range []struct {
		path string
		want bool
	}{
		{"/{resourceId}", true},
		{"/{policyAssignmentId}/", true},
		{"/{scope}/{linkId}", true},
		{"/{scope}/providers/Microsoft.Authorization/locks/{lockName}", false},
		{"/subscriptions/{subscriptionId}/resourcegroups/{resourceGroupName}", false},
		{"/secrets/{secret-name}", false},
	} {
		assert.Equal(t, tc.want, newOp("GET", tc.path).byIDAlone(), tc.path)
	}
}

// The operations addressed by their ID alone (/{id}) go to the client of
// the same name in the package of the same family, with the legacy
// method's kind, and never to the generic armresources.Client.*ByID; with
// no such client, to nothing.
func TestPickByIDAlone(t *testing.T) {
	const (
		armresources = rm + "resources/armresources/v3"
		armpolicy    = rm + "resources/armpolicy"
		armlinks     = rm + "resources/armlinks"
		armmanaged   = rm + "resources/armmanagedapplications"
	)
	byID := []armRef{
		{armresources, "Client", "GetByID"},
		{armresources, "Client", "BeginDeleteByID"},
		{armresources, "Client", "BeginCreateOrUpdateByID"},
		{armpolicy, "AssignmentsClient", "GetByID"},
		{armpolicy, "AssignmentsClient", "DeleteByID"},
		{armpolicy, "AssignmentsClient", "CreateByID"},
		{armlinks, "ResourceLinksClient", "Get"},
		{armlinks, "ResourceLinksClient", "Delete"},
		{armmanaged, "ApplicationsClient", "GetByID"},
		{armmanaged, "ApplicationsClient", "BeginDeleteByID"},
	}
	for _, tc := range []struct {
		pkg, typ, method string
		async            bool
		want             armRef // zero: no replacement
	}{
		{"resources", "Client", "GetByID", false, armRef{armresources, "Client", "GetByID"}},
		{"resources", "Client", "DeleteByID", true, armRef{armresources, "Client", "BeginDeleteByID"}},
		{"policy", "AssignmentsClient", "GetByID", false, armRef{armpolicy, "AssignmentsClient", "GetByID"}},
		{"policy", "AssignmentsClient", "DeleteByID", false, armRef{armpolicy, "AssignmentsClient", "DeleteByID"}},
		{"policy", "AssignmentsClient", "CreateByID", false, armRef{armpolicy, "AssignmentsClient", "CreateByID"}},
		{"links", "ResourceLinksClient", "Get", false, armRef{armlinks, "ResourceLinksClient", "Get"}},
		{"links", "ResourceLinksClient", "Delete", false, armRef{armlinks, "ResourceLinksClient", "Delete"}},
		{"managedapplications", "ApplicationsClient", "GetByID", false, armRef{armmanaged, "ApplicationsClient", "GetByID"}},
		{"managedapplications", "ApplicationsClient", "DeleteByID", true, armRef{armmanaged, "ApplicationsClient", "BeginDeleteByID"}},
		// v2017-09-01's definitions by ID: the new definitions client
		// addresses them by group and name, so nothing sends /{id} for it.
		{"managedapplications", "ApplicationDefinitionsClient", "GetByID", false, armRef{}},
		{"features", "Client", "GetByID", false, armRef{}},
		// v68 resources 2015-11-01 held the policy clients.
		{"resources", "PolicyAssignmentsClient", "GetByID", false, armRef{armpolicy, "AssignmentsClient", "GetByID"}},
		{"resources", "PolicyAssignmentsClient", "DeleteByID", false, armRef{armpolicy, "AssignmentsClient", "DeleteByID"}},
	} {
		o := newOp("GET", "/{id}")
		got, ok := pick(tc.pkg, tc.typ, tc.method, tc.async, o, byID)
		if tc.want == (armRef{}) {
			assert.False(t, ok, "%s.%s.%s: got %v", tc.pkg, tc.typ, tc.method, got)
			continue
		}
		assert.True(t, ok, "%s.%s.%s", tc.pkg, tc.typ, tc.method)
		assert.Equal(t, tc.want, got, "%s.%s.%s", tc.pkg, tc.typ, tc.method)
	}
}

// Among candidates that send a path with literal segments, the kind
// weighs most: a legacy synchronous method keeps a synchronous
// replacement, and one returning a ...Future gets the Begin... method.
func TestPickKind(t *testing.T) {
	refs := []armRef{
		{"m/armx", "OtherClient", "Delete"},
		{"m/armx", "ThingsClient", "BeginDelete"},
	}
	o := newOp("DELETE", "/subscriptions/{s}/things/{t}")
	got, ok := pick("x", "ThingsClient", "Delete", false, o, refs)
	assert.True(t, ok)
	assert.Equal(t, "Delete", got.method)
	got, ok = pick("x", "ThingsClient", "Delete", true, o, refs)
	assert.True(t, ok)
	assert.Equal(t, "BeginDelete", got.method)
}
