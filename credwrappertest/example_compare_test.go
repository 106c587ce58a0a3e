package credwrappertest_test

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"strings"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/arm"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/streaming"
	"github.com/Azure/go-autorest/autorest"
	"github.com/Azure/go-autorest/autorest/azure"

	"github.com/azcompat/credwrapper"
	"github.com/azcompat/credwrapper/credwrappertest"
)

// A stage-2 test: the same long-running PUT sent by a legacy autorest client
// with a v68-style Future and by an azcore ARM client with a poller, against
// the generic fake Resource Manager, and the two recordings compared. The
// fake answers through Azure-AsyncOperation, so both clients poll the
// operation and then GET the resource; Compare sets these requests aside. The api-versions differ, which Compare reports without failing.
func ExampleCompare() {
	ctx := context.Background()
	fc, err := credwrappertest.New(nil) // in a test: credwrappertest.NewTest(t, nil)
	if err != nil {
		log.Fatal(err)
	}
	defer fc.Close()
	cred, cfg, err := fc.Credential()
	if err != nil {
		log.Fatal(err)
	}
	w, err := credwrapper.New(cred, &credwrapper.Options{Cloud: cfg})
	if err != nil {
		log.Fatal(err)
	}
	group := "/subscriptions/" + fc.SubscriptionID + "/resourceGroups/rg"
	vnet := group + "/providers/Microsoft.Network/virtualNetworks/vnet1"
	body := `{"location":"westus","properties":{"addressSpace":{"addressPrefixes":["10.0.0.0/16"]}}}`
	fc.ARM.Resources.SetLRO("Microsoft.Network/virtualNetworks", credwrappertest.AsyncOperation)

	legacy := autorest.NewClientWithUserAgent("legacy")
	legacy.Authorizer, legacy.Sender = w, fc.Client()
	legacy.PollingDelay = time.Millisecond // v68 clients expose PollingDelay too
	send := func(method, path, apiVersion, body string) *http.Response {
		d := []autorest.PrepareDecorator{autorest.WithMethod(method), autorest.WithBaseURL(fc.ARM.URL), autorest.WithPath(path),
			autorest.WithQueryParameters(map[string]any{"api-version": apiVersion})}
		if body != "" {
			d = append(d, autorest.AsContentType("application/json"), autorest.WithString(body))
		}
		req, err := autorest.Prepare((&http.Request{}).WithContext(ctx), d...)
		if err != nil {
			log.Fatal(err)
		}
		resp, err := legacy.Send(req)
		if err != nil {
			log.Fatal(err)
		}
		return resp
	}
	// The resource group, created before recording.
	send(http.MethodPut, group, "2019-05-01", `{"location":"westus"}`).Body.Close()

	// Before: the legacy client and a Future, as v68 code does.
	fc.Traffic.Reset()
	f, err := azure.NewFutureFromResponse(send(http.MethodPut, vnet, "2018-11-01", body))
	if err != nil {
		log.Fatal(err)
	}
	if err := f.WaitForCompletionRef(ctx, legacy); err != nil {
		log.Fatal(err)
	}
	if _, err := f.GetResult(legacy); err != nil {
		log.Fatal(err)
	}
	before := fc.Traffic.Recording()

	// After: an azcore ARM client and a poller, as the new modules do.
	fc.Traffic.Reset()
	client, err := arm.NewClient("example", "v1.0.0", w, &arm.ClientOptions{ClientOptions: fc.ClientOptions()})
	if err != nil {
		log.Fatal(err)
	}
	req, err := runtime.NewRequest(ctx, http.MethodPut, fc.ARM.URL+vnet+"?api-version=2024-05-01")
	if err != nil {
		log.Fatal(err)
	}
	if err := req.SetBody(streaming.NopCloser(strings.NewReader(body)), "application/json"); err != nil {
		log.Fatal(err)
	}
	resp, err := client.Pipeline().Do(req)
	if err != nil {
		log.Fatal(err)
	}
	poller, err := runtime.NewPoller[map[string]any](resp, client.Pipeline(), nil)
	if err != nil {
		log.Fatal(err)
	}
	if _, err := poller.PollUntilDone(ctx, &runtime.PollUntilDoneOptions{Frequency: time.Millisecond}); err != nil {
		log.Fatal(err)
	}
	after := fc.Traffic.Recording()

	c := credwrappertest.Compare(before, after)
	fmt.Println("same requests:", c.Equal)
	fmt.Println("set aside (polls, final GETs):", c.SetAside)
	fmt.Println("api-versions:", strings.ReplaceAll(strings.Join(c.APIVersions, "\n"), fc.SubscriptionID, "{sub}"))
	for _, r := range after.Requests() {
		fmt.Println("compared:", strings.ReplaceAll(r, fc.SubscriptionID, "{sub}"))
	}
	// Output:
	// same requests: true
	// set aside (polls, final GETs): [2 2]
	// api-versions: PUT /subscriptions/{sub}/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet1: 2018-11-01 -> 2024-05-01
	// compared: PUT /subscriptions/{sub}/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet1 {"location":"westus","properties":{"addressSpace":{"addressPrefixes":["10.0.0.0/16"]}}}
}
