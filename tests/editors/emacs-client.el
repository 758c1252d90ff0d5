;;; emacs-client.el --- Emacs + eglot as a real LSP client of Glossary LSP  -*- lexical-binding: t -*-

;; Run by tests/editors/emacs.test.ts:
;;   emacs -Q --batch -l tests/editors/emacs-client.el
;; with GLOSSARY_EDITOR_PLAN=<plan.json> in the environment.  The plan says which server to start
;; (cmd), the content root, the page to open, where to put the result, and the positions to ask
;; about.  This script only drives the editor and records what it got, as JSON; the vitest test
;; asserts on that, so a failure is readable there and not buried in an editor log.
;;
;; The client set-up is the docs/editors.md snippet for eglot:
;;   (add-to-list 'eglot-server-programs '(markdown-mode . ("glossary-lsp" "--stdio")))
;; with the command taken from the plan (node + the built server) instead of "glossary-lsp".

(require 'package)
;; Debian's elpa-eglot lives here; -Q does not look there by itself.
(add-to-list 'package-directory-list "/usr/share/emacs/site-lisp/elpa")
(package-initialize)
(require 'cl-lib)
(require 'json)
(require 'eglot)
(require 'flymake)

(defvar glossary-test-plan
  (json-parse-string
   (with-temp-buffer
     (let ((coding-system-for-read 'utf-8))
       (insert-file-contents (getenv "GLOSSARY_EDITOR_PLAN")))
     (buffer-string))
   :object-type 'plist :array-type 'list :null-object nil :false-object :json-false))

(defun glossary-test--plan (key) (plist-get glossary-test-plan key))

(defvar glossary-test-timeout (/ (or (glossary-test--plan :timeoutMs) 20000) 1000.0))
(defvar glossary-test-started (float-time))
(defvar glossary-test-phase "open")
(defvar glossary-test-pushes nil "Raw publishDiagnostics params, newest first.")
(defvar glossary-test-result
  (list :editor (format "GNU Emacs %s, eglot %s" emacs-version
                        (or (ignore-errors (package-version-join
                                            (package-desc-version (cadr (assq 'eglot package-alist)))))
                            "?"))
        :steps nil :errors nil))

(defun glossary-test--ms (&optional t0)
  (round (* 1000 (- (float-time) (or t0 glossary-test-started)))))

(defun glossary-test--put (key value)
  (setq glossary-test-result (plist-put glossary-test-result key value)))

(defun glossary-test--step (name)
  (glossary-test--put :steps (vconcat (plist-get glossary-test-result :steps)
                                      (list (format "%6d ms %s" (glossary-test--ms) name)))))

(defun glossary-test--wait (pred)
  "Wait until PRED is non-nil, at most `glossary-test-timeout' seconds. Return PRED's value."
  (let ((deadline (+ (float-time) glossary-test-timeout)) value)
    (while (and (not (setq value (funcall pred))) (< (float-time) deadline))
      (accept-process-output nil 0.02))
    value))

;; What the server says besides: prompts (window/showMessageRequest, which eglot would turn into
;; "Choose an option:"), messages and log lines.  Recorded before eglot handles them.
(defvar glossary-test-prompts nil)
(defvar glossary-test-messages nil)
(defvar glossary-test-logs nil)
(cl-defmethod eglot-handle-request :before
  (_server (_method (eql window/showMessageRequest)) &rest params)
  (push params glossary-test-prompts))
(cl-defmethod eglot-handle-notification :before
  (_server (_method (eql window/showMessage)) &key message &allow-other-keys)
  (push message glossary-test-messages))
(cl-defmethod eglot-handle-notification :before
  (_server (_method (eql window/logMessage)) &key message &allow-other-keys)
  (push message glossary-test-logs))

;; Record every pushed publishDiagnostics, raw (LSP positions, UTF-16), before eglot handles it.
(cl-defmethod eglot-handle-notification :before
  (_server (_method (eql textDocument/publishDiagnostics)) &key uri diagnostics &allow-other-keys)
  (push (list :phase glossary-test-phase :ms (glossary-test--ms) :uri uri
              :diagnostics (or diagnostics []))
        glossary-test-pushes))

(defun glossary-test--request (method params)
  "Send METHOD with PARAMS through eglot's connection; return (:method :params :result|:error :ms)."
  (let ((t0 (float-time)) (answer (list :method (substring (symbol-name method) 1) :params params)))
    (condition-case err
        (let ((res (jsonrpc-request (eglot--current-server-or-lose) method params
                                    :timeout glossary-test-timeout)))
          (setq answer (plist-put answer :result res)))
      (error (setq answer (plist-put answer :error (list :message (format "%S" err))))))
    (plist-put answer :ms (glossary-test--ms t0))))

;; No markdown-mode package in the test machine: a stub major mode is enough for eglot.
(unless (fboundp 'markdown-mode)
  (define-derived-mode markdown-mode text-mode "Markdown"))

(defun glossary-test--main ()
  (let* ((root (file-name-as-directory (glossary-test--plan :root)))
         (file (glossary-test--plan :file))
         (cmd (glossary-test--plan :cmd))
         (wanted (glossary-test--plan :diagnosticCodes)))
    ;; The docs/editors.md snippet.
    (add-to-list 'eglot-server-programs `(markdown-mode . ,cmd))
    ;; The translator set-up: English content named in the settings (docs/editors.md).
    (let ((roots (plist-get (plist-get (glossary-test--plan :settings) :glossary) :contentRoots)))
      (when roots
        (setq-default eglot-workspace-configuration
                      `(:glossary (:contentRoots ,(vconcat roots))))))
    ;; The scratch tree is no VCS checkout: make the content root the project (eglot's rootUri).
    (add-hook 'project-find-functions (lambda (_dir) (cons 'transient root)))
    (setq eglot-connect-timeout glossary-test-timeout
          eglot-sync-connect t
          eglot-autoshutdown nil)

    (find-file file)
    (markdown-mode)
    (glossary-test--put :uri (eglot--path-to-uri buffer-file-name))
    (glossary-test--step (concat "opened " file))

    ;; Start the server and do the handshake (synchronous: eglot-sync-connect).
    (let ((t0 (float-time)))
      (apply #'eglot (eglot--guess-contact))
      (glossary-test--put :initializeMs (glossary-test--ms t0)))
    (let ((server (eglot-current-server)))
      (unless (and server eglot--managed-mode)
        (error "eglot did not connect to %S" cmd))
      (glossary-test--put :initialized t)
      (glossary-test--put :rootDir (directory-file-name (expand-file-name (project-root (eglot--project server)))))
      (glossary-test--put :serverInfo (eglot--server-info server))
      (glossary-test--put :capabilities (eglot--capabilities server)))
    (glossary-test--step "initialized")

    ;; Pushed diagnostics for the page as opened: wait until the codes the test looks for are there,
    ;; then until flymake shows them.
    (flymake-mode 1)
    (flymake-start)
    (let* ((t0 (float-time))
           (uri (plist-get glossary-test-result :uri))
           (last-push (lambda ()
                        (cl-find-if (lambda (p) (equal (plist-get p :uri) uri)) glossary-test-pushes)))
           (complete
            (glossary-test--wait
             (lambda ()
               (let ((push (funcall last-push)))
                 (and push
                      (cl-every (lambda (code)
                                  (cl-some (lambda (d) (equal (plist-get d :code) code))
                                           (plist-get push :diagnostics)))
                                wanted)))))))
      (glossary-test--wait (lambda () (flymake-diagnostics)))
      (glossary-test--put
       :diagnostics
       (list :complete (if complete t :json-false)
             :waitedMs (glossary-test--ms t0)
             :pushes (vconcat (reverse glossary-test-pushes))
             ;; What flymake shows: 0-based line, and the LSP diagnostic eglot attached.
             :editor (vconcat
                      (mapcar (lambda (d)
                                (let ((lsp (alist-get 'eglot-lsp-diag (flymake-diagnostic-data d))))
                                  (list :lnum (1- (line-number-at-pos (flymake-diagnostic-beg d)))
                                        :end_lnum (1- (line-number-at-pos (flymake-diagnostic-end d)))
                                        :type (symbol-name (flymake-diagnostic-type d))
                                        :code (plist-get lsp :code)
                                        :message (flymake-diagnostic-text d))))
                              (flymake-diagnostics))))))
    (glossary-test--step "diagnostics")

    ;; Hover: put point on the term, let eglot compute the LSP position, ask.
    (goto-char (eglot--lsp-position-to-point (glossary-test--plan :hover)))
    (glossary-test--put :hover (glossary-test--request :textDocument/hover
                                                       (eglot--TextDocumentPositionParams)))
    (glossary-test--step "hover")

    ;; Completion: type a new last line, as a user would, send didChange, ask at point.
    (setq glossary-test-phase "edit")
    (goto-char (point-max))
    (unless (bolp) (newline))
    (execute-kbd-macro (plist-get (glossary-test--plan :completion) :text))
    (eglot--signal-textDocument/didChange)
    (let ((answer (glossary-test--request :textDocument/completion (eglot--CompletionParams))))
      (glossary-test--put :completion
                          (plist-put answer :lineText
                                     (buffer-substring-no-properties (line-beginning-position)
                                                                     (line-end-position)))))
    (glossary-test--step "completion")

    (let ((server (eglot-current-server)))
      (set-buffer-modified-p nil)
      (ignore-errors (eglot-shutdown server nil 2)))
    (glossary-test--step "stopped")))

(let ((ok t))
  (condition-case err
      (glossary-test--main)
    (error (setq ok nil)
           (glossary-test--put :errors (vector (format "%S" err)))))
  (glossary-test--put :totalMs (glossary-test--ms))
  (glossary-test--put :prompts (vconcat (reverse glossary-test-prompts)))
  (glossary-test--put :messages (vconcat (reverse glossary-test-messages)))
  (glossary-test--put :logs (vconcat (reverse glossary-test-logs)))
  ;; The server's stderr, which eglot keeps in a buffer of its own.
  (glossary-test--put :serverStderr
                      (mapconcat (lambda (b) (with-current-buffer b (buffer-string)))
                                 (cl-remove-if-not (lambda (b) (string-match-p "stderr\\*\\'" (buffer-name b)))
                                                   (buffer-list))
                                 "\n"))
  (let ((coding-system-for-write 'utf-8)
        (json-encoding-pretty-print nil))
    (write-region (json-encode glossary-test-result) nil (glossary-test--plan :out) nil 'silent))
  (kill-emacs (if ok 0 1)))

;;; emacs-client.el ends here
