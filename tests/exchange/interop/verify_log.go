// Checks a log written by echri_exchange_interop_writer with Go's reference implementation
// (golang.org/x/mod/sumdb/note and sumdb/tlog): the signed checkpoint, every tile, the entry
// bundles and the proofs. Prints what it checked; exits 1 at the first disagreement.
//
//	go run verify_log.go DIR
package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

var dir string

func die(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "verify_log: "+format+"\n", args...)
	os.Exit(1)
}

func read(name string) []byte {
	data, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		die("%v", err)
	}
	return data
}

// The C2SP tlog-tiles spelling of a tile index: x-prefixed groups of three digits.
func indexPath(n int64) string {
	s := strconv.FormatInt(n, 10)
	for len(s)%3 != 0 {
		s = "0" + s
	}
	var parts []string
	for i := 0; i < len(s); i += 3 {
		if i+3 < len(s) {
			parts = append(parts, "x"+s[i:i+3])
		} else {
			parts = append(parts, s[i:i+3])
		}
	}
	return strings.Join(parts, "/")
}

// Go's own tile paths carry the height (tile/8/L/N); C2SP's do not.
func c2spPath(t tlog.Tile, width int) string {
	p := fmt.Sprintf("tile/%d/%s", t.L, indexPath(t.N))
	if width < 1<<t.H {
		p += fmt.Sprintf(".p/%d", width)
	}
	return p
}

type dirTiles struct{ size int64 }

func (d dirTiles) Height() int { return 8 }

func (d dirTiles) ReadTiles(tiles []tlog.Tile) ([][]byte, error) {
	var out [][]byte
	for _, t := range tiles {
		// The tile as published at this tree size: full, or partial with what the tree has.
		available := d.size >> uint(t.L*t.H)
		width := available - t.N<<uint(t.H)
		if width > 1<<uint(t.H) {
			width = 1 << uint(t.H)
		}
		data := read(c2spPath(t, int(width)))
		if len(data) < t.W*tlog.HashSize {
			return nil, fmt.Errorf("tile %s too short", c2spPath(t, int(width)))
		}
		out = append(out, data[:t.W*tlog.HashSize])
	}
	return out, nil
}

func (d dirTiles) SaveTiles(tiles []tlog.Tile, data [][]byte) {}

func decodeHashes(fields []string) []tlog.Hash {
	var out []tlog.Hash
	for _, f := range fields {
		h, err := tlog.ParseHash(f)
		if err != nil {
			die("bad hash %q: %v", f, err)
		}
		out = append(out, h)
	}
	return out
}

func main() {
	if len(os.Args) != 2 {
		die("usage: go run verify_log.go DIR")
	}
	dir = os.Args[1]

	// 1. The signed checkpoint opens with the log's verifier key; the cosignature (signature
	// type 0x04, unknown to this Go version) is ignored and kept as unverified.
	verifier, err := note.NewVerifier(strings.TrimSpace(string(read("vkey"))))
	if err != nil {
		die("verifier key: %v", err)
	}
	msg := read("checkpoint")
	n, err := note.Open(msg, note.VerifierList(verifier))
	if err != nil {
		die("note.Open: %v", err)
	}
	if len(n.Sigs) != 1 || len(n.UnverifiedSigs) != 1 {
		die("expected 1 verified and 1 unverified signature, got %d and %d", len(n.Sigs), len(n.UnverifiedSigs))
	}
	lines := strings.Split(strings.TrimSuffix(n.Text, "\n"), "\n")
	if len(lines) < 3 || lines[0] != "echri.example/interop-log" {
		die("checkpoint body: %q", n.Text)
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil || strconv.FormatInt(size, 10) != lines[1] {
		die("tree size %q", lines[1])
	}
	root, err := tlog.ParseHash(lines[2])
	if err != nil {
		die("root hash %q", lines[2])
	}

	// 2. Ed25519 is deterministic: Go signing the same text with the same private key text
	// writes the same signature line.
	signer, err := note.NewSigner(strings.TrimSpace(string(read("skey"))))
	if err != nil {
		die("private key: %v", err)
	}
	signed, err := note.Sign(&note.Note{Text: n.Text}, signer)
	if err != nil {
		die("note.Sign: %v", err)
	}
	if !bytes.HasPrefix(msg, signed) {
		die("Go's signature differs:\n%s\nvs\n%s", signed, msg)
	}

	// 3. Go rebuilds the log from the entry bundles and compares tree head and every tile.
	var stored []tlog.Hash
	own := tlog.HashReaderFunc(func(indexes []int64) ([]tlog.Hash, error) {
		var out []tlog.Hash
		for _, i := range indexes {
			out = append(out, stored[i])
		}
		return out, nil
	})
	var records []tlog.Hash
	for first := int64(0); first < size; first += 256 {
		width := size - first
		if width > 256 {
			width = 256
		}
		p := "tile/entries/" + indexPath(first/256)
		if width < 256 {
			p += fmt.Sprintf(".p/%d", width)
		}
		bundle := read(p)
		for k := int64(0); k < width; k++ {
			if len(bundle) < 2 {
				die("%s: truncated", p)
			}
			l := int(bundle[0])<<8 | int(bundle[1])
			if len(bundle) < 2+l {
				die("%s: truncated entry", p)
			}
			data := bundle[2 : 2+l]
			bundle = bundle[2+l:]
			hashes, err := tlog.StoredHashes(first+k, data, own)
			if err != nil {
				die("StoredHashes: %v", err)
			}
			stored = append(stored, hashes...)
			records = append(records, tlog.RecordHash(data))
		}
		if len(bundle) != 0 {
			die("%s: trailing bytes", p)
		}
	}
	ownRoot, err := tlog.TreeHash(size, own)
	if err != nil || ownRoot != root {
		die("tree hash from the entries %v != signed root %v (%v)", ownRoot, root, err)
	}
	// NewTiles lists every width a partial tile went through; only the widest is published.
	var tiles []tlog.Tile
	for _, t := range tlog.NewTiles(8, 0, size) {
		if k := len(tiles) - 1; k >= 0 && tiles[k].L == t.L && tiles[k].N == t.N {
			tiles[k] = t
		} else {
			tiles = append(tiles, t)
		}
	}
	for _, t := range tiles {
		want, err := tlog.ReadTileData(t, own)
		if err != nil {
			die("ReadTileData: %v", err)
		}
		if got := read(c2spPath(t, t.W)); !bytes.Equal(got, want) {
			die("tile %s differs", c2spPath(t, t.W))
		}
	}

	// 4. Through Go's tile reader (which authenticates tiles against the signed tree), then the
	// proofs checked against the signed root: the tile reader alone leaves some tiles unchecked.
	hr := tlog.TileHashReader(tlog.Tree{N: size, Hash: root}, dirTiles{size})
	th, err := tlog.TreeHash(size, hr)
	if err != nil || th != root {
		die("TreeHash through tiles: %v %v", th, err)
	}
	step := size/1000 + 1 // every record of small logs, about a thousand of large ones
	for i := int64(0); i < size; i += step {
		p, err := tlog.ProveRecord(size, i, hr)
		if err != nil {
			die("ProveRecord(%d): %v", i, err)
		}
		if err := tlog.CheckRecord(p, size, root, i, records[i]); err != nil {
			die("CheckRecord(%d): %v", i, err)
		}
	}
	inclusion := 0
	for _, line := range strings.Split(strings.TrimSpace(string(read("inclusion.txt"))), "\n") {
		fields := strings.Fields(line)
		i, _ := strconv.ParseInt(fields[0], 10, 64)
		proof := tlog.RecordProof(decodeHashes(fields[1:]))
		if err := tlog.CheckRecord(proof, size, root, i, records[i]); err != nil {
			die("echri's inclusion proof for %d: %v", i, err)
		}
		mine, _ := tlog.ProveRecord(size, i, hr)
		if fmt.Sprint(mine) != fmt.Sprint(proof) {
			die("inclusion proof for %d differs from Go's", i)
		}
		inclusion++
	}
	consistency := 0
	for _, line := range strings.Split(strings.TrimSpace(string(read("consistency.txt"))), "\n") {
		fields := strings.Fields(line)
		m, _ := strconv.ParseInt(fields[0], 10, 64)
		old := decodeHashes(fields[1:2])[0]
		if goOld, err := tlog.TreeHash(m, hr); err != nil || goOld != old {
			die("old root of %d: %v", m, err)
		}
		proof := tlog.TreeProof(decodeHashes(fields[2:]))
		if err := tlog.CheckTree(proof, size, root, m, old); err != nil {
			die("echri's consistency proof %d -> %d: %v", m, size, err)
		}
		mine, _ := tlog.ProveTree(size, m, hr)
		if fmt.Sprint(mine) != fmt.Sprint(proof) {
			die("consistency proof %d -> %d differs from Go's", m, size)
		}
		consistency++
	}
	fmt.Printf("ok: checkpoint of %d entries opened, %d tiles and %d entries matched, %d inclusion and %d consistency proofs checked\n",
		size, len(tiles), len(records), inclusion, consistency)
}
