package server

import (
	_ "embed"
	"encoding/json"

	"vanthu/internal/document"
)

//go:embed openapi.json
var openAPISource []byte

// openAPIJSON is the served OpenAPI 3.1 document: openapi.json with the
// vanthu.document/v1 JSON Schema inserted as components.schemas.Document,
// so the contract cannot drift from the record's schema.
var openAPIJSON = buildOpenAPI()

func buildOpenAPI() []byte {
	var spec map[string]any
	if err := json.Unmarshal(openAPISource, &spec); err != nil {
		panic("openapi.json: " + err.Error())
	}
	var doc map[string]any
	if err := json.Unmarshal(document.SchemaJSON, &doc); err != nil {
		panic("schema.json: " + err.Error())
	}
	delete(doc, "$schema")
	delete(doc, "$id")
	spec["components"].(map[string]any)["schemas"].(map[string]any)["Document"] = doc
	b, err := json.MarshalIndent(spec, "", "  ")
	if err != nil {
		panic(err)
	}
	return b
}
