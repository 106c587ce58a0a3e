package auth

import (
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	legacy "github.com/Azure/go-autorest/autorest/azure/auth"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sameType compiles only when a and b have the same type.
func sameType[T any](a, b T) {}

// The functions whose signatures mention no type of the auth package are
// checked by the compiler itself.
func TestSignaturesCompileTime(t *testing.T) {
	sameType(NewAuthorizerFromEnvironment, legacy.NewAuthorizerFromEnvironment)
	sameType(NewAuthorizerFromEnvironmentWithResource, legacy.NewAuthorizerFromEnvironmentWithResource)
	sameType(NewAuthorizerFromFile, legacy.NewAuthorizerFromFile)
	sameType(NewAuthorizerFromFileWithResource, legacy.NewAuthorizerFromFileWithResource)
	sameType(NewAuthorizerFromCLI, legacy.NewAuthorizerFromCLI)
	sameType(NewAuthorizerFromCLIWithResource, legacy.NewAuthorizerFromCLIWithResource)

	// The constants: same names (or this file would not compile) and values.
	for _, c := range [][2]string{
		{SubscriptionID, legacy.SubscriptionID}, {TenantID, legacy.TenantID},
		{AuxiliaryTenantIDs, legacy.AuxiliaryTenantIDs}, {ClientID, legacy.ClientID},
		{ClientSecret, legacy.ClientSecret}, {CertificatePath, legacy.CertificatePath},
		{CertificatePassword, legacy.CertificatePassword}, {Username, legacy.Username},
		{Password, legacy.Password}, {EnvironmentName, legacy.EnvironmentName},
		{Resource, legacy.Resource}, {ActiveDirectoryEndpoint, legacy.ActiveDirectoryEndpoint},
		{ResourceManagerEndpoint, legacy.ResourceManagerEndpoint}, {GraphResourceID, legacy.GraphResourceID},
		{SQLManagementEndpoint, legacy.SQLManagementEndpoint}, {GalleryEndpoint, legacy.GalleryEndpoint},
		{ManagementEndpoint, legacy.ManagementEndpoint},
	} {
		assert.Equal(t, c[1], c[0])
	}
}

// Every exported type, field, method and function of go-autorest's auth
// package exists here with the same signature, reading "legacy auth.X" as
// "our auth.X".
func TestSignaturesMatchLegacy(t *testing.T) {
	pairs := []struct{ ours, theirs reflect.Type }{
		{reflect.TypeOf(EnvironmentSettings{}), reflect.TypeOf(legacy.EnvironmentSettings{})},
		{reflect.TypeOf(FileSettings{}), reflect.TypeOf(legacy.FileSettings{})},
		{reflect.TypeOf(ClientCredentialsConfig{}), reflect.TypeOf(legacy.ClientCredentialsConfig{})},
		{reflect.TypeOf(ClientCertificateConfig{}), reflect.TypeOf(legacy.ClientCertificateConfig{})},
		{reflect.TypeOf(UsernamePasswordConfig{}), reflect.TypeOf(legacy.UsernamePasswordConfig{})},
		{reflect.TypeOf(MSIConfig{}), reflect.TypeOf(legacy.MSIConfig{})},
		{reflect.TypeOf(DeviceFlowConfig{}), reflect.TypeOf(legacy.DeviceFlowConfig{})},
		{reflect.TypeOf((*AuthorizerConfig)(nil)).Elem(), reflect.TypeOf((*legacy.AuthorizerConfig)(nil)).Elem()},
	}
	mapping := map[reflect.Type]reflect.Type{}
	for _, p := range pairs {
		mapping[p.theirs] = p.ours
	}
	// translate rewrites a legacy type in terms of ours.
	var translate func(reflect.Type) string
	translate = func(t reflect.Type) string {
		if o, ok := mapping[t]; ok {
			return o.String()
		}
		switch t.Kind() {
		case reflect.Func:
			var in, out []string
			for i := 0; i < t.NumIn(); i++ {
				in = append(in, translate(t.In(i)))
			}
			for i := 0; i < t.NumOut(); i++ {
				out = append(out, translate(t.Out(i)))
			}
			return "func(" + strings.Join(in, ", ") + ") (" + strings.Join(out, ", ") + ")"
		case reflect.Slice:
			return "[]" + translate(t.Elem())
		case reflect.Pointer:
			return "*" + translate(t.Elem())
		}
		return t.String()
	}
	sig := func(t reflect.Type) string { // our type, written the same way
		return translate(t)
	}

	for _, p := range pairs {
		if p.theirs.Kind() == reflect.Struct {
			for i := 0; i < p.theirs.NumField(); i++ {
				f := p.theirs.Field(i)
				if !f.IsExported() {
					continue
				}
				of, ok := p.ours.FieldByName(f.Name)
				if assert.True(t, ok, "%s has no field %s", p.ours, f.Name) {
					assert.Equal(t, translate(f.Type), sig(of.Type), "%s.%s", p.ours, f.Name)
				}
			}
		}
		for i := 0; i < p.theirs.NumMethod(); i++ {
			m := p.theirs.Method(i)
			om, ok := p.ours.MethodByName(m.Name)
			if !assert.True(t, ok, "%s has no method %s", p.ours, m.Name) {
				continue
			}
			// Method types of concrete types include the receiver; drop it.
			tt, ot := m.Type, om.Type
			if p.theirs.Kind() != reflect.Interface {
				tt, ot = dropReceiver(tt), dropReceiver(ot)
			}
			assert.Equal(t, translate(tt), sig(ot), "%s.%s", p.ours, m.Name)
		}
	}

	for _, f := range []struct {
		name         string
		ours, theirs any
	}{
		{"GetSettingsFromEnvironment", GetSettingsFromEnvironment, legacy.GetSettingsFromEnvironment},
		{"GetSettingsFromFile", GetSettingsFromFile, legacy.GetSettingsFromFile},
		{"NewClientCredentialsConfig", NewClientCredentialsConfig, legacy.NewClientCredentialsConfig},
		{"NewClientCertificateConfig", NewClientCertificateConfig, legacy.NewClientCertificateConfig},
		{"NewUsernamePasswordConfig", NewUsernamePasswordConfig, legacy.NewUsernamePasswordConfig},
		{"NewMSIConfig", NewMSIConfig, legacy.NewMSIConfig},
		{"NewDeviceFlowConfig", NewDeviceFlowConfig, legacy.NewDeviceFlowConfig},
	} {
		assert.Equal(t, translate(reflect.TypeOf(f.theirs)), sig(reflect.TypeOf(f.ours)), f.name)
	}
}

func dropReceiver(t reflect.Type) reflect.Type {
	in := make([]reflect.Type, 0, t.NumIn()-1)
	for i := 1; i < t.NumIn(); i++ {
		in = append(in, t.In(i))
	}
	out := make([]reflect.Type, 0, t.NumOut())
	for i := 0; i < t.NumOut(); i++ {
		out = append(out, t.Out(i))
	}
	return reflect.FuncOf(in, out, t.IsVariadic())
}

// Code written against go-autorest's auth package, using every exported name,
// compiles unchanged when only the import path is swapped. The test type
// checks testdata/swap/usage.go.txt twice with go vet: once as written
// (go-autorest) and once with the import path swapped.
func TestImportSwapCompiles(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a program twice; skipped with -short")
	}
	src, err := os.ReadFile(filepath.Join("testdata", "swap", "usage.go.txt"))
	require.NoError(t, err)
	const from = `"github.com/Azure/go-autorest/autorest/azure/auth"`
	const to = `"github.com/azcompat/credwrapper/auth"`
	require.Contains(t, string(src), from)
	// The generated packages live inside this module (under testdata, which
	// ./... ignores) so that they resolve its dependencies.
	for name, code := range map[string]string{
		"legacy": string(src),
		"ours":   strings.Replace(string(src), from, to, 1),
	} {
		dir, err := os.MkdirTemp("testdata", "swapbuild-")
		require.NoError(t, err)
		t.Cleanup(func() { os.RemoveAll(dir) })
		require.NoError(t, os.WriteFile(filepath.Join(dir, "main.go"), []byte(code), 0o644))
		cmd := exec.Command("go", "vet", "./"+filepath.ToSlash(dir))
		out, err := cmd.CombinedOutput()
		assert.NoError(t, err, "%s: go vet:\n%s", name, out)
	}
}
