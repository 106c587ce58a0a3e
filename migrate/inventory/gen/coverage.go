package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/azcompat/credwrapper/migrate/inventory"
)

const (
	msgraph = "github.com/microsoftgraph/msgraph-sdk-go"
	sdk     = "github.com/Azure/azure-sdk-for-go/sdk/"
)

// serviceNotes are the v68 services, or parts of them, that no module the
// generator reads replaces method by method: why, and what takes their
// place. Every v68 package outside the management planes (a data plane)
// is under one of them or under a mapped service, or the generator fails.
var serviceNotes = map[string]inventory.Service{
	"services/graphrbac": {Status: inventory.ReasonRetired, Replacements: []string{msgraph},
		Note: "Azure AD Graph is retired and has no arm* module; Microsoft Graph replaces it: use " + msgraph + " with an azidentity credential (scope https://graph.microsoft.com/.default)"},
	"services/classic": {Status: inventory.ReasonRetired,
		Note: "the classic deployment model (Azure Service Management) is retired; its resources move to Azure Resource Manager and the arm* modules (armcompute, armnetwork, armstorage, armsql)"},
	"services/datalake/analytics": {Status: inventory.ReasonRetired,
		Note: "Azure Data Lake Analytics is retired; the current SDK has no module for it"},
	"services/preview/datalake/analytics": {Status: inventory.ReasonRetired,
		Note: "Azure Data Lake Analytics is retired; the current SDK has no module for it"},
	"services/datalake/store": {Status: inventory.ReasonRetired, Replacements: []string{sdk + "storage/azdatalake"},
		Note: "Azure Data Lake Storage Gen1 is retired; Data Lake Storage Gen2 replaces it: use " + sdk + "storage/azdatalake"},
	"services/preview/datalake/store": {Status: inventory.ReasonRetired, Replacements: []string{sdk + "storage/azdatalake"},
		Note: "Azure Data Lake Storage Gen1 is retired; Data Lake Storage Gen2 replaces it: use " + sdk + "storage/azdatalake"},
	"services/storage/datalake": {Status: inventory.ReasonNoModule, Replacements: []string{sdk + "storage/azdatalake"},
		Note: "the Data Lake Storage Gen2 data plane moves to " + sdk + "storage/azdatalake, whose generated operations are internal: the mapping cannot match them"},
	"services/preview/storage/datalake": {Status: inventory.ReasonNoModule, Replacements: []string{sdk + "storage/azdatalake"},
		Note: "the Data Lake Storage Gen2 data plane moves to " + sdk + "storage/azdatalake, whose generated operations are internal: the mapping cannot match them"},
	"services/preview/storage/tables": {Status: inventory.ReasonNoModule, Replacements: []string{sdk + "data/aztables"},
		Note: "the Table storage data plane moves to " + sdk + "data/aztables, whose generated operations are internal: the mapping cannot match them"},
	"services/preview/appinsights/v1": {Status: inventory.ReasonNoModule, Replacements: []string{azlogs},
		Note: "the Application Insights query API has no module in the current SDK; workspace-based Application Insights data is queried with " + azlogs + " (Client.QueryResource or QueryWorkspace)"},
	"services/cognitiveservices": {Status: inventory.ReasonNoModule,
		Note: "the Cognitive Services data planes (Computer Vision, Face, LUIS, Custom Vision, Text Analytics and others) have no module in the current Go SDK: call their REST APIs with an azcore pipeline, or armcognitiveservices for the accounts"},
	"services/preview/cognitiveservices": {Status: inventory.ReasonNoModule,
		Note: "the Cognitive Services data planes have no module in the current Go SDK: call their REST APIs with an azcore pipeline, or armcognitiveservices for the accounts"},
	"services/preview/qnamaker": {Status: inventory.ReasonRetired,
		Note: "QnA Maker is retired; its successor (question answering in Azure AI Language) has no module in the current Go SDK"},
	"services/personalizer": {Status: inventory.ReasonRetired,
		Note: "Azure AI Personalizer is retired; the current SDK has no module for it"},
	"services/servicefabric": {Status: inventory.ReasonNoModule,
		Note: "the Service Fabric cluster's client API has no module in the current Go SDK; clusters are managed with armservicefabric or armservicefabricmanagedclusters"},
	"services/attestation": {Status: inventory.ReasonNoModule,
		Note: "the Azure Attestation data plane has no module in the current Go SDK; attestation providers are managed with armattestation"},
	"services/preview/apimanagement/ctrl": {Status: inventory.ReasonRetired,
		Note: "API Management's direct management (ctrl) API is retired; use armapimanagement"},
	"services/preview/digitaltwins/2020-05-31-preview": {Status: inventory.ReasonNoModule,
		Note: "the Azure Digital Twins data plane has no module in the current Go SDK; instances are managed with armdigitaltwins"},
	"services/preview/enterpriseknowledgegraphservice": {Status: inventory.ReasonRetired,
		Note: "Enterprise Knowledge Graph was never released and is retired; the current SDK has no module for it"},
	"services/preview/hdinsight/2018-11-01-preview": {Status: inventory.ReasonNoModule,
		Note: "the HDInsight job submission data plane has no module in the current Go SDK; clusters are managed with armhdinsight"},
	"services/preview/monitor/2018-09-01-preview": {Status: inventory.ReasonNoModule,
		Note: "custom metrics ingestion has no module in the current Go SDK; logs are sent with " + sdk + "monitor/ingestion/azlogs"},
	"services/preview/synapse/2019-06-01-preview": {Status: inventory.ReasonNoModule,
		Note: "the Synapse workspace (artifacts, access control, Spark) data planes have no module in the current Go SDK; workspaces are managed with armsynapse"},
	"services/preview/synapse/2020-08-01-preview": {Status: inventory.ReasonNoModule,
		Note: "the Synapse workspace (artifacts, access control, Spark) data planes have no module in the current Go SDK; workspaces are managed with armsynapse"},
	"services/batchai":                      {Status: inventory.ReasonRetired, Note: "Batch AI is retired; Azure Machine Learning replaces it (armmachinelearning)"},
	"services/preview/batchai":              {Status: inventory.ReasonRetired, Note: "Batch AI is retired; Azure Machine Learning replaces it (armmachinelearning)"},
	"services/blockchain":                   {Status: inventory.ReasonRetired, Note: "Azure Blockchain Service is retired; the current SDK has no module for it"},
	"services/preview/blockchain":           {Status: inventory.ReasonRetired, Note: "Azure Blockchain Service is retired; the current SDK has no module for it"},
	"services/devspaces":                    {Status: inventory.ReasonRetired, Note: "Azure Dev Spaces is retired; the current SDK has no module for it"},
	"services/preview/devspaces":            {Status: inventory.ReasonRetired, Note: "Azure Dev Spaces is retired; the current SDK has no module for it"},
	"services/machinelearning":              {Status: inventory.ReasonRetired, Note: "Machine Learning Studio (classic) is retired; Azure Machine Learning replaces it (armmachinelearning)"},
	"services/preview/machinelearning":      {Status: inventory.ReasonRetired, Note: "Machine Learning Studio (classic) is retired; Azure Machine Learning replaces it (armmachinelearning)"},
	"services/mariadb":                      {Status: inventory.ReasonRetired, Note: "Azure Database for MariaDB is retired; Azure Database for MySQL flexible server replaces it (armmysqlflexibleservers)"},
	"services/preview/mariadb":              {Status: inventory.ReasonRetired, Note: "Azure Database for MariaDB is retired; Azure Database for MySQL flexible server replaces it (armmysqlflexibleservers)"},
	"services/mediaservices":                {Status: inventory.ReasonRetired, Note: "Azure Media Services is retired; the current SDK has no module for it"},
	"services/preview/mediaservices":        {Status: inventory.ReasonRetired, Note: "Azure Media Services is retired; the current SDK has no module for it"},
	"services/scheduler":                    {Status: inventory.ReasonRetired, Note: "Azure Scheduler is retired; Azure Logic Apps replaces it (armlogic)"},
	"services/preview/scheduler":            {Status: inventory.ReasonRetired, Note: "Azure Scheduler is retired; Azure Logic Apps replaces it (armlogic)"},
	"services/servicefabricmesh":            {Status: inventory.ReasonRetired, Note: "Service Fabric Mesh is retired; the current SDK has no module for it"},
	"services/preview/servicefabricmesh":    {Status: inventory.ReasonRetired, Note: "Service Fabric Mesh is retired; the current SDK has no module for it"},
	"services/storsimple1200series":         {Status: inventory.ReasonRetired, Note: "StorSimple is retired; the current SDK has no module for it"},
	"services/preview/storsimple1200series": {Status: inventory.ReasonRetired, Note: "StorSimple is retired; the current SDK has no module for it"},
	"services/storsimple8000series":         {Status: inventory.ReasonRetired, Note: "StorSimple is retired; the current SDK has no module for it"},
	"services/preview/storsimple8000series": {Status: inventory.ReasonRetired, Note: "StorSimple is retired; the current SDK has no module for it"},
	"services/timeseriesinsights":           {Status: inventory.ReasonRetired, Note: "Time Series Insights is retired; the current SDK has no module for it"},
	"services/preview/timeseriesinsights":   {Status: inventory.ReasonRetired, Note: "Time Series Insights is retired; the current SDK has no module for it"},
	"services/videoanalyzer":                {Status: inventory.ReasonRetired, Note: "Azure Video Analyzer is retired; the current SDK has no module for it"},
	"services/preview/videoanalyzer":        {Status: inventory.ReasonRetired, Note: "Azure Video Analyzer is retired; the current SDK has no module for it"},
	"services/cosmos-db/mongodb": {Status: inventory.ReasonNoModule,
		Note: "a helper that reads a MongoDB API account's connection string: use armcosmos's DatabaseAccountsClient.ListConnectionStrings and the MongoDB Go driver"},
}

// services fills the mapping's service table: the mapped services'
// directories, and the notes above.
func (b *builder) serviceTable() {
	b.m.Services = map[string]*inventory.Service{}
	for _, s := range allServices() {
		for _, l := range legacyDirs(b.dirs[v68], s) {
			b.m.Services[l] = &inventory.Service{Status: inventory.StatusMapped}
		}
	}
	for p := range curated {
		if rest, ok := strings.CutPrefix(p, v68+"/"); ok {
			b.m.Services[rest] = &inventory.Service{Status: inventory.StatusMapped}
		}
	}
	for dir, s := range serviceNotes {
		if fi, err := os.Stat(filepath.Join(b.dirs[v68], filepath.FromSlash(dir))); err != nil || !fi.IsDir() {
			continue // a preview twin that v68 does not have
		}
		s := s
		b.m.Services[dir] = &s
	}
}

// A coverageRow counts one v68 service's operations (its clients' methods
// that send one) by what the mapping says of them.
type coverageRow struct {
	service  string // services/<name>, preview included
	packages int
	counts   map[string]int // StatusMapped or a reason -> operations
	notes    map[string]bool
}

// unread is the coverage status of a management package whose service's
// module the generator does not read (the inventory says to look for its
// arm* module).
const unread = "unread"

// coverage counts every v68 package's operations by what the mapping says
// of them. A package outside the management planes with no entry is an
// error: every data plane says what replaces it, or why nothing does.
func (b *builder) coverage() ([]*coverageRow, error) {
	root := filepath.Join(b.dirs[v68], "services")
	dirs, err := packageDirs(root)
	if err != nil {
		return nil, err
	}
	rows := map[string]*coverageRow{}
	var missing []string
	for _, pd := range dirs {
		rel, _ := filepath.Rel(b.dirs[v68], pd)
		rel = filepath.ToSlash(rel)
		pkgPath := v68 + "/" + rel
		parts := strings.Split(rel, "/")
		if len(parts) < 2 {
			continue // services/package.go
		}
		name := parts[1]
		if name == "preview" && len(parts) > 2 {
			name = parts[2]
		}
		row := rows[name]
		if row == nil {
			row = &coverageRow{service: name, counts: map[string]int{}, notes: map[string]bool{}}
			rows[name] = row
		}
		if types, ok := b.m.Legacy[pkgPath]; ok {
			row.packages++
			for _, lc := range types {
				for _, tg := range lc.Methods {
					if tg.Client >= 0 {
						row.counts[inventory.StatusMapped]++
						row.notes[b.m.Modules[b.m.Clients[tg.Client].Module].Path] = true
					} else {
						row.counts[tg.Reason]++
					}
				}
			}
			continue
		}
		files, _, err := parseDir(b.fset, pd)
		if err != nil {
			return nil, err
		}
		clients := legacyPackage(files)
		if len(clients) == 0 {
			continue
		}
		ops := 0
		for _, c := range clients {
			ops += len(c.ops)
		}
		row.packages++
		_, s := b.m.Service(pkgPath)
		switch {
		case s != nil && s.Status != inventory.StatusMapped:
			row.counts[s.Status] += ops
			row.notes[s.Note] = true
		case strings.Contains(rel, "/mgmt/"):
			row.counts[unread] += ops
		default:
			missing = append(missing, rel)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("v68 data-plane packages with no entry in the service table (serviceNotes): %s", strings.Join(missing, ", "))
	}
	out := make([]*coverageRow, 0, len(rows))
	for _, r := range rows {
		if r.packages > 0 {
			out = append(out, r)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].service < out[j].service })
	return out, nil
}

// coverageColumns are the report's columns, in order.
var coverageColumns = []struct{ key, title string }{
	{inventory.StatusMapped, "mapped"},
	{inventory.ReasonDropped, "operation dropped"},
	{inventory.ReasonRetired, "service retired"},
	{inventory.ReasonNoModule, "no module"},
	{unread, "module not read"},
}

// Summary markers: MIGRATION.md holds the same block, byte for byte (a
// test checks it).
const (
	summaryBegin = "<!-- coverage summary: generated by migrate/inventory/gen -->"
	summaryEnd   = "<!-- end of coverage summary -->"
)

// writeCoverage writes the coverage report as Markdown.
func writeCoverage(w io.Writer, rows []*coverageRow) error {
	total := map[string]int{}
	pkgs, ops := 0, 0
	for _, r := range rows {
		pkgs += r.packages
		for k, n := range r.counts {
			total[k] += n
			ops += n
		}
	}
	var sb strings.Builder
	sb.WriteString("# Coverage of the inventory's mapping\n\n")
	sb.WriteString("Generated by `go -C migrate/inventory/gen run .` with `mapping.json.gz`; do not edit.\n\n")
	sb.WriteString("For each v68 service (`services/<name>` and `services/preview/<name>`): its packages\n")
	sb.WriteString("that have clients, and their operations (client methods that send a REST operation) by\n")
	sb.WriteString("what the mapping says of them: mapped to a method of the current SDK; operation dropped\n")
	sb.WriteString("(the replacement module sends no such operation); service retired; no module of the\n")
	sb.WriteString("current SDK replaces it; or module not read (a management service whose arm* module the\n")
	sb.WriteString("generator does not read: the inventory says to look for it).\n\n")
	sb.WriteString(summaryBegin + "\n")
	sb.WriteString("| operations | count | share |\n|---|---:|---:|\n")
	for _, c := range coverageColumns {
		fmt.Fprintf(&sb, "| %s | %d | %.1f%% |\n", c.title, total[c.key], 100*float64(total[c.key])/float64(max(ops, 1)))
	}
	fmt.Fprintf(&sb, "| all, in %d packages of %d services | %d | 100%% |\n", pkgs, len(rows), ops)
	sb.WriteString(summaryEnd + "\n\n")
	sb.WriteString("## By service\n\n| service | packages |")
	for _, c := range coverageColumns {
		sb.WriteString(" " + c.title + " |")
	}
	sb.WriteString(" replacement or reason |\n|---|---:|")
	for range coverageColumns {
		sb.WriteString("---:|")
	}
	sb.WriteString("---|\n")
	for _, r := range rows {
		fmt.Fprintf(&sb, "| %s | %d |", r.service, r.packages)
		for _, c := range coverageColumns {
			fmt.Fprintf(&sb, " %d |", r.counts[c.key])
		}
		notes := make([]string, 0, len(r.notes))
		for n := range r.notes {
			notes = append(notes, n)
		}
		sort.Strings(notes)
		fmt.Fprintf(&sb, " %s |\n", strings.Join(notes, "; "))
	}
	_, err := io.WriteString(w, sb.String())
	return err
}

// writeCoverageFile writes the report to path.
func writeCoverageFile(path string, rows []*coverageRow) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := writeCoverage(f, rows); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
