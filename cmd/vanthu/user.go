package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"vanthu/internal/archive"
	"vanthu/internal/auth"
	"vanthu/internal/store"
)

// readPassword reads a password: from the terminal without echo (asked
// twice), or the first line of standard input when it is not a terminal.
func readPassword(cmd *cobra.Command) (string, error) {
	in := cmd.InOrStdin()
	if f, ok := in.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(cmd.ErrOrStderr(), "Mật khẩu: ")
		a, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(cmd.ErrOrStderr())
		if err != nil {
			return "", err
		}
		fmt.Fprint(cmd.ErrOrStderr(), "Nhập lại mật khẩu: ")
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(cmd.ErrOrStderr())
		if err != nil {
			return "", err
		}
		if string(a) != string(b) {
			return "", errors.New("hai lần nhập mật khẩu không khớp")
		}
		return string(a), auth.CheckPasswordPolicy(string(a))
	}
	line, err := bufio.NewReader(in).ReadString('\n')
	if err != nil && err != io.EOF {
		return "", err
	}
	pw := strings.TrimRight(line, "\r\n")
	return pw, auth.CheckPasswordPolicy(pw)
}

// withUser opens the data directory's store and runs fn on the named
// account, recording the action in the audit log when fn succeeds.
func withUser(dataDir, name, action string, fn func(*store.Store, *store.User) error) error {
	a, err := archive.Open(dataDir)
	if err != nil {
		return err
	}
	defer a.Close()
	u, err := a.Store.UserByName(name)
	if err != nil {
		return fmt.Errorf("%w: %s", err, name)
	}
	if err := fn(a.Store, u); err != nil {
		return err
	}
	return a.Store.Audit(store.AuditEntry{Actor: "cli", Action: action, Target: u.Name, OK: true})
}

func init() {
	userCmd := &cobra.Command{Use: "user", Short: "Quản lý tài khoản người dùng (thêm, đổi mật khẩu, khóa, liệt kê)"}

	var dataDir, role, clearance, org string
	add := &cobra.Command{
		Use:   "add [--data THƯ_MỤC] --role admin|clerk|reader [--clearance none|mat|toi-mat|tuyet-mat] [--org ĐƠN_VỊ] TÊN",
		Short: "Thêm tài khoản; mật khẩu đọc từ bàn phím, hoặc dòng đầu của đầu vào chuẩn",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if !auth.ValidRole(role) {
				return fmt.Errorf("vai trò %q không hợp lệ; chọn admin, clerk hoặc reader", role)
			}
			lvl, err := auth.ParseClearance(clearance)
			if err != nil {
				return err
			}
			name := strings.TrimSpace(args[0])
			if name == "" || len(name) > 64 || strings.ContainsAny(name, " \t/\\") {
				return fmt.Errorf("tên đăng nhập %q không hợp lệ (không dấu cách, tối đa 64 ký tự)", args[0])
			}
			pw, err := readPassword(cmd)
			if err != nil {
				return err
			}
			a, err := archive.Open(dataDir)
			if err != nil {
				return err
			}
			defer a.Close()
			h, err := auth.HashPassword(pw)
			if err != nil {
				return err
			}
			u := &store.User{Name: name, Role: role, Clearance: lvl, Org: strings.TrimSpace(org)}
			if err := a.Store.AddUser(u, h); err != nil {
				return err
			}
			a.Store.Audit(store.AuditEntry{Actor: "cli", Action: "user.add", Target: name, OK: true,
				Detail: fmt.Sprintf("role=%s clearance=%s", role, auth.ClearanceName(lvl))})
			fmt.Fprintf(cmd.OutOrStdout(), "Đã thêm tài khoản %s (%s, mức tiếp cận: %s).\n", name, auth.RoleLabel(role), auth.ClearanceLabel(lvl))
			return nil
		},
	}
	addDataFlag(add, &dataDir)
	add.Flags().StringVar(&role, "role", "reader", "vai trò: admin (quản trị), clerk (văn thư), reader (cán bộ)")
	add.Flags().StringVar(&clearance, "clearance", "none", "mức được xem văn bản mật: none, mat, toi-mat, tuyet-mat")
	add.Flags().StringVar(&org, "org", "", "đơn vị của cán bộ (được đánh dấu nhiệm vụ của đơn vị này)")

	var pdata string
	passwd := &cobra.Command{
		Use:   "passwd [--data THƯ_MỤC] TÊN",
		Short: "Đổi mật khẩu (các phiên đăng nhập cũ bị hủy)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			pw, err := readPassword(cmd)
			if err != nil {
				return err
			}
			h, err := auth.HashPassword(pw)
			if err != nil {
				return err
			}
			return withUser(pdata, args[0], "user.passwd", func(st *store.Store, u *store.User) error {
				if err := st.SetPassword(u.ID, h); err != nil {
					return err
				}
				fmt.Fprintf(cmd.OutOrStdout(), "Đã đổi mật khẩu của %s.\n", u.Name)
				return nil
			})
		},
	}
	addDataFlag(passwd, &pdata)

	var ddata string
	var enable bool
	disable := &cobra.Command{
		Use:   "disable [--data THƯ_MỤC] [--enable] TÊN",
		Short: "Khóa tài khoản (hủy mọi phiên đăng nhập); --enable để mở lại",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			action, msg := "user.disable", "Đã khóa tài khoản %s.\n"
			if enable {
				action, msg = "user.enable", "Đã mở khóa tài khoản %s.\n"
			}
			return withUser(ddata, args[0], action, func(st *store.Store, u *store.User) error {
				u.Disabled = !enable
				if err := st.UpdateUser(u); err != nil {
					return err
				}
				fmt.Fprintf(cmd.OutOrStdout(), msg, u.Name)
				return nil
			})
		},
	}
	addDataFlag(disable, &ddata)
	disable.Flags().BoolVar(&enable, "enable", false, "mở khóa thay vì khóa")

	var ldata string
	list := &cobra.Command{
		Use:   "list [--data THƯ_MỤC]",
		Short: "Liệt kê tài khoản",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			a, err := archive.Open(ldata)
			if err != nil {
				return err
			}
			defer a.Close()
			us, err := a.Store.Users()
			if err != nil {
				return err
			}
			tw := tabwriter.NewWriter(cmd.OutOrStdout(), 2, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "TÊN\tVAI TRÒ\tMỨC TIẾP CẬN\tĐƠN VỊ\tTRẠNG THÁI")
			for _, u := range us {
				st := "hoạt động"
				if u.Disabled {
					st = "đã khóa"
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", u.Name, auth.RoleLabel(u.Role), auth.ClearanceLabel(u.Clearance), u.Org, st)
			}
			return tw.Flush()
		},
	}
	addDataFlag(list, &ldata)

	userCmd.AddCommand(add, passwd, disable, list)
	rootCmd.AddCommand(userCmd)

	tokenCmd := &cobra.Command{Use: "token", Short: "Mã truy cập API cho script (Authorization: Bearer ...)"}
	var tdata, tuser string
	create := &cobra.Command{
		Use:   "create [--data THƯ_MỤC] [--user TÊN] TÊN_MÃ",
		Short: "Tạo mã truy cập; mã chỉ được in ra một lần",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			a, err := archive.Open(tdata)
			if err != nil {
				return err
			}
			defer a.Close()
			var u *store.User
			if tuser != "" {
				if u, err = a.Store.UserByName(tuser); err != nil {
					return fmt.Errorf("%w: %s", err, tuser)
				}
			} else {
				us, err := a.Store.Users()
				if err != nil {
					return err
				}
				for _, x := range us {
					if x.Role == auth.Admin && !x.Disabled {
						u = x
						break
					}
				}
				if u == nil {
					return errors.New("chưa có tài khoản quản trị; hãy chỉ định --user TÊN hoặc tạo tài khoản bằng \"vanthu user add\"")
				}
			}
			tok := auth.NewToken()
			if _, err := a.Store.CreateToken(args[0], auth.HashSecret(tok), u.ID); err != nil {
				return err
			}
			a.Store.Audit(store.AuditEntry{Actor: "cli", Action: "token.create", Target: args[0], Detail: "user=" + u.Name, OK: true})
			fmt.Fprintf(cmd.ErrOrStderr(), "Mã truy cập %q của %s (%s). Hãy lưu lại: mã không được hiển thị lần nữa.\n", args[0], u.Name, auth.RoleLabel(u.Role))
			fmt.Fprintln(cmd.OutOrStdout(), tok)
			return nil
		},
	}
	addDataFlag(create, &tdata)
	create.Flags().StringVar(&tuser, "user", "", "tài khoản mà mã đại diện (mặc định: tài khoản quản trị đầu tiên)")
	tokenCmd.AddCommand(create)
	rootCmd.AddCommand(tokenCmd)
}
