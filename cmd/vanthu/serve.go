package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"vanthu/internal/archive"
	"vanthu/internal/jobs"
	"vanthu/internal/sandbox"
	"vanthu/internal/server"
)

func init() {
	var dataDir, addr string
	var workers int
	var verbose, secure bool
	cmd := &cobra.Command{
		Use:   "serve [--data THƯ_MỤC] [--addr 127.0.0.1:8080]",
		Short: "Chạy máy chủ: giao diện web tiếng Việt và REST API (/api/v1) trên kho dữ liệu",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			level := slog.LevelInfo
			if verbose {
				level = slog.LevelDebug
			}
			log := slog.New(slog.NewTextHandler(cmd.ErrOrStderr(), &slog.HandlerOptions{Level: level}))
			a, err := archive.Open(dataDir)
			if err != nil {
				return err
			}
			defer a.Close()
			// uploaded files are parsed, rendered and OCRed in a separate
			// worker process with memory, CPU and time limits
			if exe, err := os.Executable(); err == nil {
				sb := sandbox.New(exe, sandbox.Limits{})
				sb.Log = func(name string, err error, stderr string) {
					log.Warn("worker failed", "file", name, "err", err, "stderr", stderr)
				}
				a.Reader = sb.Reader()
			} else {
				log.Warn("no worker process: parsing in the server process", "err", err)
			}
			announced := false
			a.Rebuilding = func(done int) {
				if !announced {
					announced = true
					fmt.Fprintln(cmd.OutOrStdout(), "Đang xây dựng lại chỉ mục tìm kiếm từ cơ sở dữ liệu (chỉ mục thiếu hoặc của phiên bản cũ); việc này chỉ làm một lần...")
				}
				if done%5000 < 500 {
					log.Info("rebuilding search index", "done", done)
				}
			}
			if _, err := a.Index(); err != nil {
				return fmt.Errorf("không mở được chỉ mục tìm kiếm: %w", err)
			}
			a.Rebuilding = nil
			pw, err := server.EnsureAdmin(a.Store, "admin")
			if err != nil {
				return fmt.Errorf("không tạo được tài khoản quản trị đầu tiên: %w", err)
			}
			if pw != "" {
				fmt.Fprintf(cmd.OutOrStdout(), "Đã tạo tài khoản quản trị đầu tiên: tên đăng nhập \"admin\", mật khẩu \"%s\".\n"+
					"Mật khẩu chỉ hiển thị lần này; hãy đổi bằng \"vanthu user passwd --data %s admin\".\n", pw, a.Dir)
			}
			q, err := jobs.Open(a, workers, log)
			if err != nil {
				return err
			}
			ln, err := net.Listen("tcp", addr)
			if err != nil {
				return fmt.Errorf("không mở được địa chỉ %s (cổng đang bận?): %w", addr, err)
			}
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			q.Start(ctx)
			// the first dashboard reads every record's tasks: do it now, in
			// the background, rather than for the first user
			go func() {
				start := time.Now()
				if _, _, err := a.OpenTasks(); err != nil {
					log.Warn("open tasks warm-up", "err", err)
				} else {
					log.Debug("open tasks warmed up", "took", time.Since(start))
				}
			}()
			srvr := server.New(a, q, log)
			srvr.SecureCookies = secure
			srv := &http.Server{Handler: srvr.Handler(), ReadHeaderTimeout: 10 * time.Second,
				IdleTimeout: 2 * time.Minute}
			fmt.Fprintf(cmd.OutOrStdout(), "vanthu đang chạy tại http://%s/ (dữ liệu: %s). Nhấn Ctrl+C để dừng.\n", ln.Addr(), a.Dir)
			errc := make(chan error, 1)
			go func() { errc <- srv.Serve(ln) }()
			select {
			case err := <-errc:
				q.Close()
				if !errors.Is(err, http.ErrServerClosed) {
					return err
				}
				return nil
			case <-ctx.Done():
			}
			fmt.Fprintln(cmd.OutOrStdout(), "Đang dừng máy chủ...")
			sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			srv.Shutdown(sctx)
			q.Close()
			return nil
		},
	}
	addDataFlag(cmd, &dataDir)
	f := cmd.Flags()
	f.StringVar(&addr, "addr", "127.0.0.1:8080", "địa chỉ lắng nghe")
	f.IntVar(&workers, "workers", max(1, runtime.NumCPU()/2), "số tệp tải lên xử lý cùng lúc (mỗi tệp quét còn dùng nhiều luồng OCR)")
	f.BoolVar(&verbose, "verbose", false, "ghi nhật ký chi tiết từng yêu cầu")
	f.BoolVar(&secure, "secure-cookies", false, "đánh dấu cookie Secure (khi chạy sau một máy chủ HTTPS)")
	rootCmd.AddCommand(cmd)
}
