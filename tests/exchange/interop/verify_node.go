// Checks a running echri node's exchange log over HTTP the way a peer node would, with Go's
// reference implementation (golang.org/x/mod/sumdb/note and sumdb/tlog): the signed checkpoint
// against the node's public log key, the hash tiles (public) and entry bundles (peer token), the
// tree hash, an inclusion proof for every entry and the consistency of an earlier signed
// checkpoint with the current one. Every proof ends with tlog.CheckRecord / tlog.CheckTree
// against a signed root: this version's tile reader leaves some tiles unauthenticated.
//
//	verify_node token URL ENROLMENT_TOKEN
//	    exchanges an enrolment token (echri users token) for the user's own token; prints it
//	verify_node publish URL OFFICER_TOKEN FIRST LAST
//	    publishes fictional threat reports FIRST..LAST through the officers' API into a log that
//	    holds FIRST-1 entries (the log then holds LAST)
//	verify_node check -url URL -keys PUBLIC_KEYS -token TOKEN -size N -save FILE [-old FILE]
//	                  [-forbidden TOKEN]
//	    PUBLIC_KEYS is the output of `echri exchange keys`; TOKEN one of role peer_node; N the
//	    tree size expected; FILE gets the signed checkpoint, for a later -old; -forbidden: a token
//	    of a role that may not read entry bundles
//
// Prints what it checked; exits 1 at the first disagreement.
package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

const height = 8

var (
	client   = &http.Client{Timeout: 15 * time.Second}
	base     string // the node's URL, without a trailing slash
	requests int
)

func die(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "verify_node: "+format+"\n", args...)
	os.Exit(1)
}

// get fetches a path of the node, with a bearer token when one is given.
func get(path, token string) (*http.Response, []byte) {
	req, err := http.NewRequest("GET", base+path, nil)
	if err != nil {
		die("%v", err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := client.Do(req)
	if err != nil {
		die("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		die("GET %s: %v", path, err)
	}
	requests++
	return resp, body
}

func mustGet(path, token string) []byte {
	resp, body := get(path, token)
	if resp.StatusCode != http.StatusOK {
		die("GET %s: %s: %s", path, resp.Status, body)
	}
	return body
}

// The node's URL of a tile: Go's tile paths carry the height (tile/8/L/N, tile/8/data/N), the
// C2SP tlog-tiles paths do not (tile/L/N, tile/entries/N). The rest, x-prefixed groups of three
// digits and .p/W for a partial tile, is Go's own spelling.
func tileURL(t tlog.Tile) string {
	if t.H != height {
		die("tile of height %d", t.H)
	}
	rest := strings.TrimPrefix(t.Path(), fmt.Sprintf("tile/%d/", height))
	if t.L == -1 {
		rest = "entries/" + strings.TrimPrefix(rest, "data/")
	}
	return "/exchange/v1/log/tile/" + rest
}

// Hash tiles over HTTP, without a token (they are public). Only the tiles Go's tile reader
// reports as authenticated (SaveTiles) are kept; anything else is fetched again.
type httpTiles struct{ saved map[tlog.Tile][]byte }

func (h *httpTiles) Height() int { return height }

func (h *httpTiles) ReadTiles(tiles []tlog.Tile) ([][]byte, error) {
	var out [][]byte
	for _, t := range tiles {
		if data, ok := h.saved[t]; ok {
			out = append(out, data)
			continue
		}
		resp, data := get(tileURL(t), "")
		if resp.StatusCode != http.StatusOK {
			return nil, fmt.Errorf("GET %s: %s", tileURL(t), resp.Status)
		}
		if len(data) != t.W*tlog.HashSize {
			return nil, fmt.Errorf("GET %s: %d bytes, not %d", tileURL(t), len(data), t.W*tlog.HashSize)
		}
		out = append(out, data)
	}
	return out, nil
}

func (h *httpTiles) SaveTiles(tiles []tlog.Tile, data [][]byte) {
	for i, t := range tiles {
		h.saved[t] = data[i]
	}
}

type publicKeys struct{ origin, state, log, witness string }

func readKeys(path string) publicKeys {
	text, err := os.ReadFile(path)
	if err != nil {
		die("%v", err)
	}
	fields := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(text)), "\n") {
		f := strings.Fields(line)
		if len(f) != 2 {
			die("%s: line %q", path, line)
		}
		fields[f[0]] = f[1]
	}
	keys := publicKeys{fields["origin"], fields["state"], fields["log"], fields["witness"]}
	if keys.origin == "" || keys.state == "" || keys.log == "" || keys.witness == "" {
		die("%s: origin, state, log and witness lines expected", path)
	}
	return keys
}

// The witness key is a cosignature verifier key (C2SP tlog-cosignature), a type this Go version
// does not know: its key id is checked here, SHA-256(name || "\n" || 0x04 || public key)[:4].
func checkWitnessKey(text string) {
	parts := strings.SplitN(text, "+", 3) // base64 may hold "+" too
	if len(parts) != 3 {
		die("witness key %q", text)
	}
	key, err := base64.StdEncoding.Strict().DecodeString(parts[2])
	if err != nil || len(key) != 33 || key[0] != 0x04 {
		die("witness key %q: not a cosignature/v1 Ed25519 key", text)
	}
	sum := sha256.Sum256(append([]byte(parts[0]+"\n"), key...))
	if want := fmt.Sprintf("%08x", binary.BigEndian.Uint32(sum[:4])); parts[1] != want {
		die("witness key id %s, computed %s", parts[1], want)
	}
}

type checkpoint struct {
	raw    []byte
	origin string
	tree   tlog.Tree
}

// openCheckpoint opens the signed note with the log's key, then parses the C2SP checkpoint
// (origin, decimal size, base64 root, optional extension lines) itself: tlog.ParseTree wants
// Go's fixed first line.
func openCheckpoint(raw []byte, verifier note.Verifier, origin string) checkpoint {
	n, err := note.Open(raw, note.VerifierList(verifier))
	if err != nil {
		die("note.Open: %v\n%s", err, raw)
	}
	if len(n.Sigs) != 1 || n.Sigs[0].Name != origin {
		die("expected one signature by %s, got %d", origin, len(n.Sigs))
	}
	if !strings.HasSuffix(n.Text, "\n") {
		die("checkpoint text without a final newline")
	}
	lines := strings.Split(strings.TrimSuffix(n.Text, "\n"), "\n")
	if len(lines) < 3 {
		die("checkpoint of %d lines", len(lines))
	}
	if lines[0] != origin {
		die("checkpoint origin %q, the log key is %q", lines[0], origin)
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil || size < 0 || strconv.FormatInt(size, 10) != lines[1] {
		die("checkpoint size %q", lines[1])
	}
	root, err := base64.StdEncoding.Strict().DecodeString(lines[2])
	if err != nil || len(root) != tlog.HashSize || base64.StdEncoding.EncodeToString(root) != lines[2] {
		die("checkpoint root %q", lines[2])
	}
	for _, extension := range lines[3:] {
		if extension == "" {
			die("empty extension line")
		}
	}
	var hash tlog.Hash
	copy(hash[:], root)
	return checkpoint{raw, lines[0], tlog.Tree{N: size, Hash: hash}}
}

// The widest version of every hash tile of a tree (NewTiles lists each width a partial tile went
// through; only the widest is served).
func hashTiles(size int64) []tlog.Tile {
	var tiles []tlog.Tile
	for _, t := range tlog.NewTiles(height, 0, size) {
		if k := len(tiles) - 1; k >= 0 && tiles[k].L == t.L && tiles[k].N == t.N {
			tiles[k] = t
		} else {
			tiles = append(tiles, t)
		}
	}
	return tiles
}

// An entry is canonical JSON (keys sorted, compact); this node publishes public threat reports.
func checkEntry(i int64, data []byte, keys publicKeys) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var entry map[string]interface{}
	if err := dec.Decode(&entry); err != nil {
		die("entry %d: not JSON: %v", i, err)
	}
	var again bytes.Buffer
	enc := json.NewEncoder(&again)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(entry); err != nil || !bytes.Equal(bytes.TrimSuffix(again.Bytes(), []byte("\n")), data) {
		die("entry %d is not canonical JSON: %s", i, data)
	}
	body, _ := entry["body"].(map[string]interface{})
	if entry["v"] != json.Number("1") || entry["issuer"] != keys.state || entry["audience"] != "all" ||
		entry["kind"] != "threat_report" || body == nil || body["risk"] != "high" {
		die("entry %d: %s", i, data)
	}
}

func exchangeToken(enrolment string) {
	// An enrolment token reads nothing until exchanged (403), and no token at all is 401.
	bundle := tileURL(tlog.Tile{H: height, L: -1, N: 0, W: 1})
	if resp, body := get(bundle, enrolment); resp.StatusCode != http.StatusForbidden ||
		!strings.Contains(string(body), "enrolment-token") {
		die("GET %s with an enrolment token: %s: %s", bundle, resp.Status, body)
	}
	req, err := http.NewRequest("POST", base+"/api/v1/tokens/exchange", nil)
	if err != nil {
		die("%v", err)
	}
	req.Header.Set("Authorization", "Bearer "+enrolment)
	resp, err := client.Do(req)
	if err != nil {
		die("POST /api/v1/tokens/exchange: %v", err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	var answer struct {
		Token string `json:"token"`
	}
	if resp.StatusCode != http.StatusCreated || json.Unmarshal(body, &answer) != nil || answer.Token == "" {
		die("POST /api/v1/tokens/exchange: %s: %s", resp.Status, body)
	}
	fmt.Println(answer.Token)
}

// publish appends fictional threat reports through the officers' API, FIRST to LAST, one
// request each (much faster than a process each); the node answers with its new tree size.
func publish(args []string) {
	if len(args) != 4 {
		die("usage: verify_node publish URL OFFICER_TOKEN FIRST LAST")
	}
	base = strings.TrimSuffix(args[0], "/")
	first, err1 := strconv.Atoi(args[2])
	last, err2 := strconv.Atoi(args[3])
	if err1 != nil || err2 != nil {
		die("FIRST and LAST are numbers")
	}
	for i := first; i <= last; i++ {
		body, _ := json.Marshal(map[string]interface{}{
			"kind": "threat_report", "audience": "all",
			"body": map[string]string{"subject_type": "technology", "subject": fmt.Sprintf("Fictional spyware %d", i),
				"summary": "Interop test.", "risk": "high"}})
		req, err := http.NewRequest("POST", base+"/api/v1/exchange/publish", bytes.NewReader(body))
		if err != nil {
			die("%v", err)
		}
		req.Header.Set("Authorization", "Bearer "+args[1])
		req.Header.Set("Content-Type", "application/json")
		resp, err := client.Do(req)
		if err != nil {
			die("POST /api/v1/exchange/publish: %v", err)
		}
		answer, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		var report struct {
			Size int `json:"size"`
		}
		if resp.StatusCode != http.StatusCreated || json.Unmarshal(answer, &report) != nil || report.Size != i {
			die("POST /api/v1/exchange/publish (entry %d): %s: %s", i, resp.Status, answer)
		}
	}
}

func check(args []string) {
	flags := flag.NewFlagSet("check", flag.ExitOnError)
	keysFile := flags.String("keys", "", "the node's public keys (echri exchange keys)")
	token := flags.String("token", "", "a bearer token of role peer_node, admin or auditor")
	want := flags.Int64("size", -1, "the tree size expected")
	save := flags.String("save", "", "where to write the signed checkpoint")
	oldFile := flags.String("old", "", "an earlier signed checkpoint of the node")
	forbidden := flags.String("forbidden", "", "a token of a role that may not read entry bundles")
	flags.StringVar(&base, "url", "", "the node's URL")
	flags.Parse(args)
	if base == "" || *keysFile == "" || *token == "" || *save == "" {
		die("check needs -url, -keys, -token and -save")
	}
	base = strings.TrimSuffix(base, "/")
	keys := readKeys(*keysFile)
	checkWitnessKey(keys.witness)
	verifier, err := note.NewVerifier(keys.log)
	if err != nil {
		die("log key %q: %v", keys.log, err)
	}
	if verifier.Name() != keys.origin {
		die("log key named %q, origin %q", verifier.Name(), keys.origin)
	}

	// 1. The signed checkpoint, public.
	resp, raw := get("/exchange/v1/log/checkpoint", "")
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/plain") {
		die("GET checkpoint: %s %q: %s", resp.Status, resp.Header.Get("Content-Type"), raw)
	}
	cp := openCheckpoint(raw, verifier, keys.origin)
	size, root := cp.tree.N, cp.tree.Hash
	if *want >= 0 && size != *want {
		die("the checkpoint says %d entries, %d were published", size, *want)
	}
	if size == 0 {
		die("empty log")
	}

	// 2. Access: hash tiles without a token, entry bundles only with one; nothing beyond the tree.
	lastData := tlog.Tile{H: height, L: -1, N: (size - 1) / 256, W: int((size-1)%256) + 1}
	if resp, body := get(tileURL(lastData), ""); resp.StatusCode != http.StatusUnauthorized ||
		!strings.HasPrefix(resp.Header.Get("WWW-Authenticate"), "Bearer") {
		die("GET %s without a token: %s %q: %s", tileURL(lastData), resp.Status,
			resp.Header.Get("WWW-Authenticate"), body)
	}
	if *forbidden != "" {
		if resp, body := get(tileURL(lastData), *forbidden); resp.StatusCode != http.StatusForbidden {
			die("GET %s with a token of another role: %s: %s", tileURL(lastData), resp.Status, body)
		}
	}
	beyond := []tlog.Tile{
		{H: height, L: 0, N: (size-1)/256 + 1, W: 256},
		{H: height, L: -1, N: (size-1)/256 + 1, W: 256},
	}
	if lastData.W < 256 {
		wider := lastData
		wider.W++
		beyond = append(beyond, wider, tlog.Tile{H: height, L: 0, N: wider.N, W: wider.W})
	}
	for _, t := range beyond {
		if resp, body := get(tileURL(t), *token); resp.StatusCode != http.StatusNotFound {
			die("GET %s beyond the tree of %d: %s: %s", tileURL(t), size, resp.Status, body)
		}
	}

	// 3. Every entry bundle (with the token); Go rebuilds the tree from the entries, and every
	// published hash tile (without a token) must equal Go's.
	var stored []tlog.Hash
	own := tlog.HashReaderFunc(func(indexes []int64) ([]tlog.Hash, error) {
		var out []tlog.Hash
		for _, i := range indexes {
			out = append(out, stored[i])
		}
		return out, nil
	})
	var entries [][]byte
	for n := int64(0); n*256 < size; n++ {
		width := size - n*256
		if width > 256 {
			width = 256
		}
		t := tlog.Tile{H: height, L: -1, N: n, W: int(width)}
		bundle := mustGet(tileURL(t), *token)
		for k := int64(0); k < width; k++ {
			if len(bundle) < 2 || len(bundle) < 2+int(binary.BigEndian.Uint16(bundle)) {
				die("%s: truncated", tileURL(t))
			}
			l := int(binary.BigEndian.Uint16(bundle))
			data := bundle[2 : 2+l]
			bundle = bundle[2+l:]
			i := n*256 + k
			checkEntry(i, data, keys)
			hashes, err := tlog.StoredHashes(i, data, own)
			if err != nil {
				die("StoredHashes(%d): %v", i, err)
			}
			stored = append(stored, hashes...)
			entries = append(entries, data)
		}
		if len(bundle) != 0 {
			die("%s: trailing bytes", tileURL(t))
		}
	}
	if got, err := tlog.TreeHash(size, own); err != nil || got != root {
		die("tree hash of the entries %v != signed root %v (%v)", got, root, err)
	}
	tiles := hashTiles(size)
	for _, t := range tiles {
		wantTile, err := tlog.ReadTileData(t, own)
		if err != nil {
			die("ReadTileData: %v", err)
		}
		if got := mustGet(tileURL(t), ""); !bytes.Equal(got, wantTile) {
			die("tile %s differs from Go's", tileURL(t))
		}
	}

	// 4. As a peer that does not download everything: Go's tile reader over HTTP, the tree hash,
	// then an inclusion proof for every entry, each checked against the signed root.
	hr := tlog.TileHashReader(cp.tree, &httpTiles{map[tlog.Tile][]byte{}})
	if th, err := tlog.TreeHash(size, hr); err != nil || th != root {
		die("TreeHash through the tiles: %v %v", th, err)
	}
	for i := int64(0); i < size; i++ {
		p, err := tlog.ProveRecord(size, i, hr)
		if err != nil {
			die("ProveRecord(%d): %v", i, err)
		}
		if err := tlog.CheckRecord(p, size, root, i, tlog.RecordHash(entries[i])); err != nil {
			die("CheckRecord(%d): %v", i, err)
		}
	}
	summary := fmt.Sprintf("checkpoint of %d entries opened, %d hash tiles and %d entries matched, "+
		"%d inclusion proofs checked", size, len(tiles), len(entries), size)

	// 5. An earlier signed checkpoint: the current tree extends it. Its root is recomputed from
	// the current tiles and the consistency proof checked against both signed roots; some of its
	// entries are proved through the tiles as they were at its size (older partial tiles).
	if *oldFile != "" {
		oldRaw, err := os.ReadFile(*oldFile)
		if err != nil {
			die("%v", err)
		}
		old := openCheckpoint(oldRaw, verifier, keys.origin)
		m, oldRoot := old.tree.N, old.tree.Hash
		if m >= size {
			die("the log did not grow: %d then %d entries", m, size)
		}
		if h, err := tlog.TreeHash(m, hr); err != nil || h != oldRoot {
			die("the tree of %d entries within the current one: %v (%v), signed %v", m, h, err, oldRoot)
		}
		p, err := tlog.ProveTree(size, m, hr)
		if err != nil {
			die("ProveTree(%d, %d): %v", size, m, err)
		}
		if err := tlog.CheckTree(p, size, root, m, oldRoot); err != nil {
			die("CheckTree %d -> %d: %v", m, size, err)
		}
		oldReader := tlog.TileHashReader(old.tree, &httpTiles{map[tlog.Tile][]byte{}})
		if h, err := tlog.TreeHash(m, oldReader); err != nil || h != oldRoot {
			die("TreeHash through the tiles of %d entries: %v %v", m, h, err)
		}
		proved := 0
		for i := int64(0); i < m; i += 1 + m/20 {
			p, err := tlog.ProveRecord(m, i, oldReader)
			if err != nil {
				die("ProveRecord(%d) in the tree of %d: %v", i, m, err)
			}
			if err := tlog.CheckRecord(p, m, oldRoot, i, tlog.RecordHash(entries[i])); err != nil {
				die("CheckRecord(%d) in the tree of %d: %v", i, m, err)
			}
			proved++
		}
		summary += fmt.Sprintf(", consistency %d -> %d checked, %d entries proved in the tree of %d",
			m, size, proved, m)
	}

	if err := os.WriteFile(*save, raw, 0o644); err != nil {
		die("%v", err)
	}
	fmt.Printf("ok: %s (%d HTTP requests)\n", summary, requests)
}

func main() {
	if len(os.Args) >= 2 && os.Args[1] == "check" {
		check(os.Args[2:])
		return
	}
	if len(os.Args) >= 2 && os.Args[1] == "publish" {
		publish(os.Args[2:])
		return
	}
	if len(os.Args) == 4 && os.Args[1] == "token" {
		base = strings.TrimSuffix(os.Args[2], "/")
		exchangeToken(os.Args[3])
		return
	}
	die("usage: verify_node token URL ENROLMENT_TOKEN | verify_node publish URL TOKEN FIRST LAST | verify_node check -url URL -keys FILE -token TOKEN -size N -save FILE [-old FILE]")
}
