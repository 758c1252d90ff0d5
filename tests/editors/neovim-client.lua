-- Neovim (0.7+) as a real LSP client of Glossary LSP, run headless by tests/editors/neovim.test.ts:
--   nvim --headless --clean -u NONE -i NONE -n -c 'luafile tests/editors/neovim-client.lua'
-- with GLOSSARY_EDITOR_PLAN=<plan.json> in the environment. The plan says which server to start
-- (cmd), the content root, the page to open, where to put the result, and the positions to ask
-- about. This script only drives the editor and records what it got, as JSON; the vitest test
-- asserts on that, so a failure is readable there and not buried in an editor log.
--
-- The client set-up is the docs/editors.md snippet for Neovim 0.7 (no vim.lsp.start before 0.8).

local plan = vim.json.decode(table.concat(vim.fn.readfile(os.getenv('GLOSSARY_EDITOR_PLAN')), '\n'))
local timeout = plan.timeoutMs or 20000
local started = vim.loop.hrtime()

local result = {
  editor = vim.fn.execute('version'):match('NVIM v[^\n]*'),
  steps = {},
  errors = {},
  diagnostics = { pushes = {} },
  prompts = {},
  messages = {},
  logs = {},
}

local function ms_since(t0)
  return math.floor((vim.loop.hrtime() - t0) / 1e6)
end

local function step(name)
  table.insert(result.steps, string.format('%6d ms %s', ms_since(started), name))
end

local function write_result()
  local f = assert(io.open(plan.out, 'w'))
  f:write(vim.json.encode(result))
  f:close()
end

-- Every pushed publishDiagnostics, raw (LSP positions, UTF-16), tagged with the phase it came in.
local phase = 'open'
local function on_publish(err, params, ctx, config)
  table.insert(result.diagnostics.pushes, {
    phase = phase,
    ms = ms_since(started),
    uri = params and params.uri,
    version = params and params.version,
    diagnostics = params and params.diagnostics or {},
  })
  return vim.lsp.handlers['textDocument/publishDiagnostics'](err, params, ctx, config)
end

-- A prompt (window/showMessageRequest) would make Neovim 0.7 wait for a keypress, and a headless
-- one forever: it is recorded and answered with nothing, so that the test fails instead of hanging.
local function on_prompt(_, params)
  table.insert(result.prompts, params)
  return vim.NIL
end
local function on_message(_, params)
  table.insert(result.messages, params and params.message or '')
end
local function on_log(_, params)
  table.insert(result.logs, params and params.message or '')
end

-- The docs/editors.md snippet for Neovim 0.7 (vim.lsp.start_client + buf_attach_client, one
-- client per content root), with the command from the plan and handlers that record what the
-- server sends. For the translator set-up, the snippet's `settings` (English content roots),
-- sent in on_init as 0.7 does not send them by itself.
local glossary_clients = {} -- content root -> client id
local function glossary_root(bufnr)
  -- The folder that holds `files/` (a clone of mdn/content or mdn/translated-content).
  local dir = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(bufnr), ':p:h')
  local files = vim.fn.finddir('files', dir .. ';')
  if files == '' then return vim.fn.getcwd() end
  return vim.fn.fnamemodify(files, ':p:h:h')
end
vim.api.nvim_create_autocmd('FileType', {
  pattern = 'markdown',
  callback = function(args)
    local root = glossary_root(args.buf)
    local id = glossary_clients[root]
    if not (id and vim.lsp.get_client_by_id(id)) then
      id = vim.lsp.start_client({
        name = 'glossary-lsp',
        cmd = plan.cmd, -- docs: { 'glossary-lsp', '--stdio' }
        root_dir = root,
        settings = plan.settings ~= vim.NIL and plan.settings or nil,
        on_init = function(client)
          if plan.settings ~= vim.NIL and plan.settings then
            client.notify('workspace/didChangeConfiguration', { settings = client.config.settings })
          end
        end,
        handlers = {
          ['textDocument/publishDiagnostics'] = on_publish,
          ['window/showMessageRequest'] = on_prompt,
          ['window/showMessage'] = on_message,
          ['window/logMessage'] = on_log,
        },
      })
      glossary_clients[root] = id
    end
    if id then
      vim.lsp.buf_attach_client(args.buf, id)
      vim.bo[args.buf].omnifunc = 'v:lua.vim.lsp.omnifunc' -- 0.8+ sets this itself
    end
  end,
})

-- Send one request through the client and wait for its answer, at most `timeout` ms.
local function request(client, bufnr, method, params)
  local done, answer = false, { method = method, params = params }
  local t0 = vim.loop.hrtime()
  local ok, id = client.request(method, params, function(err, res)
    answer.error = err
    answer.result = res == nil and vim.NIL or res
    done = true
  end, bufnr)
  if not ok then
    answer.error = { message = 'client.request refused ' .. method }
    return answer
  end
  if not vim.wait(timeout, function() return done end, 20) then
    answer.error = { message = string.format('no answer to %s within %d ms', method, timeout) }
    client.cancel_request(id)
  end
  answer.ms = ms_since(t0)
  return answer
end

local function main()
  -- Open the page (no filetype detection with -u NONE: set it, as filetype detection would;
  -- that fires the FileType autocmd above, which starts the server and attaches the buffer).
  vim.cmd('edit ' .. vim.fn.fnameescape(plan.file))
  local bufnr = vim.api.nvim_get_current_buf()
  vim.bo[bufnr].filetype = 'markdown'
  local uri = vim.uri_from_bufnr(bufnr)
  result.uri = uri
  step('opened ' .. plan.file)

  local client_id = glossary_clients[glossary_root(bufnr)]
  if not client_id then
    error('the FileType autocmd did not start a client for ' .. table.concat(plan.cmd, ' '))
  end
  local client = vim.lsp.get_client_by_id(client_id)
  result.rootDir = client.config.root_dir

  -- Handshake: initialize answered, initialized sent.
  local t0 = vim.loop.hrtime()
  local inited = vim.wait(timeout, function()
    return client.initialized or client.is_stopped()
  end, 20)
  result.initialized = inited and client.initialized or false
  result.initializeMs = ms_since(t0)
  if not result.initialized then
    error(client.is_stopped()
      and string.format('the server stopped during the LSP handshake, after %d ms (its stderr is in the LSP log)', result.initializeMs)
      or string.format('LSP handshake not done within %d ms', timeout))
  end
  result.serverInfo = client.server_info or vim.NIL
  result.capabilities = client.server_capabilities or client.resolved_capabilities
  step('initialized')

  -- Pushed diagnostics for the page as opened: wait until the codes the test looks for are there.
  t0 = vim.loop.hrtime()
  local wanted = plan.diagnosticCodes or {}
  local function has_wanted()
    local last
    for _, push in ipairs(result.diagnostics.pushes) do
      if push.uri == uri then last = push end
    end
    if not last then return false end
    for _, code in ipairs(wanted) do
      local found = false
      for _, d in ipairs(last.diagnostics) do
        if d.code == code then found = true end
      end
      if not found then return false end
    end
    return true
  end
  result.diagnostics.complete = vim.wait(timeout, has_wanted, 20)
  result.diagnostics.waitedMs = ms_since(t0)
  -- What the editor itself holds for the buffer (vim.diagnostic: 0-based lines, byte columns).
  result.diagnostics.editor = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(result.diagnostics.editor, {
      lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
      severity = d.severity, code = d.code or vim.NIL, message = d.message,
    })
  end
  step('diagnostics: ' .. #result.diagnostics.pushes .. ' push(es)')

  -- Hover on the glossary term.
  result.hover = request(client, bufnr, 'textDocument/hover', {
    textDocument = { uri = uri },
    position = plan.hover,
  })
  step('hover')

  -- Completion: type a new last line in Insert mode, as a user would; Neovim sends didChange
  -- (client.request flushes pending changes first).
  phase = 'edit'
  vim.api.nvim_feedkeys(vim.api.nvim_replace_termcodes('Go' .. plan.completion.text .. '<Esc>', true, false, true), 'nx', false)
  local last = vim.api.nvim_buf_line_count(bufnr) - 1
  result.completion = request(client, bufnr, 'textDocument/completion', {
    textDocument = { uri = uri },
    position = { line = last, character = #plan.completion.text },
    context = { triggerKind = 1 },
  })
  result.completion.lineText = vim.api.nvim_buf_get_lines(bufnr, last, last + 1, false)[1]
  step('completion')

  client.stop()
  vim.wait(2000, function() return client.is_stopped() end, 20)
  step('stopped')
end

local ok, err = xpcall(main, debug.traceback)
if not ok then
  table.insert(result.errors, tostring(err))
end
result.totalMs = ms_since(started)
local wrote, werr = pcall(write_result)
if not wrote then
  io.stderr:write('could not write result: ' .. tostring(werr) .. '\n')
end
vim.cmd(ok and wrote and 'qa!' or 'cq!')
