package store

import (
	"database/sql"
	"errors"
	"strconv"
)

// RegisterEntry is one row of the incoming register (sổ đăng ký văn bản
// đến, Nghị định 30/2020/NĐ-CP, Phụ lục IV).
type RegisterEntry struct {
	Year         int    `json:"year"`
	Number       int    `json:"number"` // số đến: gap-free within the year
	DocID        string `json:"document_id"`
	ReceivedDate string `json:"received_date"` // ngày đến, ISO
	Author       string `json:"author"`        // tác giả: issuing body
	Symbol       string `json:"symbol"`        // số, ký hiệu
	DocDate      string `json:"doc_date"`      // ngày tháng văn bản, ISO
	TypeSubject  string `json:"type_subject"`  // tên loại và trích yếu nội dung
	Recipient    string `json:"recipient"`     // đơn vị hoặc người nhận
	TransferDate string `json:"transfer_date"` // ngày chuyển, ISO
	Signed       string `json:"signed"`        // ký nhận
	Note         string `json:"note"`          // ghi chú
	CreatedBy    string `json:"created_by"`
	CreatedAt    string `json:"created_at"`
}

// ErrAlreadyRegistered is returned when the document already has a number.
var ErrAlreadyRegistered = errors.New("văn bản này đã được vào sổ văn bản đến")

const registerCols = `year, number, doc_id, received_date, author, symbol, doc_date, type_subject, recipient,
	transfer_date, signed, note, created_by, created_at`

func scanRegister(rows *sql.Rows) ([]RegisterEntry, error) {
	defer rows.Close()
	out := []RegisterEntry{}
	for rows.Next() {
		var e RegisterEntry
		if err := rows.Scan(&e.Year, &e.Number, &e.DocID, &e.ReceivedDate, &e.Author, &e.Symbol, &e.DocDate,
			&e.TypeSubject, &e.Recipient, &e.TransferDate, &e.Signed, &e.Note, &e.CreatedBy, &e.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// RegisterDuplicates returns entries registered under the same duplicate
// key (document number and issuer), for the warning before registering.
func (s *Store) RegisterDuplicates(dupKey string) ([]RegisterEntry, error) {
	if dupKey == "" {
		return []RegisterEntry{}, nil
	}
	rows, err := s.db.Query(`SELECT `+registerCols+` FROM register WHERE dup_key = ? ORDER BY year, number`, dupKey)
	if err != nil {
		return nil, err
	}
	return scanRegister(rows)
}

// AddRegister gives e the next incoming number of its year and stores it, in
// one transaction: numbers have no gaps and no duplicates. e.Year is taken
// from e.ReceivedDate.
func (s *Store) AddRegister(e *RegisterEntry, dupKey string) error {
	if len(e.ReceivedDate) < 4 {
		return errors.New("thiếu ngày đến")
	}
	y, err := strconv.Atoi(e.ReceivedDate[:4])
	if err != nil {
		return errors.New("ngày đến không hợp lệ")
	}
	tx, err := s.db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRow(`SELECT count(*) FROM register WHERE doc_id = ?`, e.DocID).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return ErrAlreadyRegistered
	}
	var last int
	if err := tx.QueryRow(`SELECT COALESCE(MAX(number), 0) FROM register WHERE year = ?`, y).Scan(&last); err != nil {
		return err
	}
	e.Year, e.Number, e.CreatedAt = y, last+1, now()
	if _, err := tx.Exec(`INSERT INTO register(`+registerCols+`, dup_key) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
		e.Year, e.Number, e.DocID, e.ReceivedDate, e.Author, e.Symbol, e.DocDate, e.TypeSubject, e.Recipient,
		e.TransferDate, e.Signed, e.Note, e.CreatedBy, e.CreatedAt, dupKey); err != nil {
		return err
	}
	return tx.Commit()
}

// UpdateRegister changes the clerk-filled columns of an entry (recipient,
// transfer date, signature, note); its number never changes.
func (s *Store) UpdateRegister(docID, recipient, transferDate, signed, note string) error {
	res, err := s.db.Exec(`UPDATE register SET recipient = ?, transfer_date = ?, signed = ?, note = ? WHERE doc_id = ?`,
		recipient, transferDate, signed, note, docID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}

// RegisterEntries returns the entries received between from and to (ISO,
// inclusive; "" leaves that end open) of documents a viewer cleared to
// maxSecrecy may see, in register order.
func (s *Store) RegisterEntries(from, to string, maxSecrecy int) ([]RegisterEntry, error) {
	if to == "" {
		to = "9999-12-31"
	}
	rows, err := s.db.Query(`SELECT `+registerCols+` FROM register WHERE received_date >= ? AND received_date <= ?
		AND doc_id IN (SELECT id FROM documents WHERE secrecy <= ?) ORDER BY year, number`, from, to, maxSecrecy)
	if err != nil {
		return nil, err
	}
	return scanRegister(rows)
}

// RegisterOf returns a document's register entry, or nil when it has none.
func (s *Store) RegisterOf(docID string) (*RegisterEntry, error) {
	rows, err := s.db.Query(`SELECT `+registerCols+` FROM register WHERE doc_id = ?`, docID)
	if err != nil {
		return nil, err
	}
	es, err := scanRegister(rows)
	if err != nil || len(es) == 0 {
		return nil, err
	}
	return &es[0], nil
}
