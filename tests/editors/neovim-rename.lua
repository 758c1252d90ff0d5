-- Neovim (0.7+) renaming a glossary entry through Glossary LSP, run headless by
-- tests/editors/neovim-rename.test.ts:
--   nvim --headless --clean -u NONE -i NONE -n -c 'luafile tests/editors/neovim-rename.lua'
-- with GLOSSARY_EDITOR_PLAN=<plan.json>. The plan names the file to open, the cursor position and
-- the new name, whether the client declares workspaceEdit.documentChanges (many configurations
-- do; 0.7 itself does not), or an edit to apply with vim.lsp.util.apply_workspace_edit directly.
-- The rename goes the way a user's does: vim.lsp.buf.rename(new_name) (prepareRename, rename,
-- then the default handler applies the edit), then :wall writes the changed buffers. This script
-- only records what happened, as JSON; the test compares the files before and after.

local plan = vim.json.decode(table.concat(vim.fn.readfile(os.getenv('GLOSSARY_EDITOR_PLAN')), '\n'))
local timeout = plan.timeoutMs or 20000
local started = vim.loop.hrtime()

local result = {
  editor = vim.fn.execute('version'):match('NVIM v[^\n]*'),
  steps = {},
  errors = {},
  notifications = {},
}

local function step(name)
  table.insert(result.steps, string.format('%6d ms %s', math.floor((vim.loop.hrtime() - started) / 1e6), name))
end

-- What the editor tells the user (e.g. "Rename target already exists").
local notify = vim.notify
vim.notify = function(message, level, opts)
  table.insert(result.notifications, tostring(message))
  return notify(message, level, opts)
end

local function main()
  vim.cmd('edit ' .. vim.fn.fnameescape(plan.file))
  local bufnr = vim.api.nvim_get_current_buf()
  vim.bo[bufnr].filetype = 'markdown'

  local capabilities = vim.lsp.protocol.make_client_capabilities()
  if plan.documentChanges then
    capabilities.workspace.workspaceEdit.documentChanges = true
  end
  result.workspaceEditCapabilities = capabilities.workspace.workspaceEdit

  local rename = { answered = false }
  result.rename = rename
  local id = vim.lsp.start_client({
    name = 'glossary-lsp',
    cmd = plan.cmd,
    root_dir = plan.root,
    capabilities = capabilities,
    handlers = {
      -- The default handler, as a user has it; recorded around it.
      ['textDocument/rename'] = function(err, res, ctx, config)
        rename.answered = true
        rename.error = err and (err.message or vim.inspect(err)) or vim.NIL
        rename.result = res == nil and vim.NIL or res
        local ok, applyErr = pcall(vim.lsp.handlers['textDocument/rename'], err, res, ctx, config)
        rename.applied = ok
        rename.applyError = ok and vim.NIL or tostring(applyErr)
      end,
    },
  })
  if not id then error('vim.lsp.start_client failed for ' .. table.concat(plan.cmd, ' ')) end
  vim.lsp.buf_attach_client(bufnr, id)
  local client = vim.lsp.get_client_by_id(id)
  if not vim.wait(timeout, function() return client.initialized or client.is_stopped() end, 20) or not client.initialized then
    error('the LSP handshake did not complete within ' .. timeout .. ' ms')
  end
  result.initialized = true
  step('initialized')

  if plan.applyEdit then
    -- The edit a capable client would get, applied by this Neovim's own code.
    local ok, err = pcall(vim.lsp.util.apply_workspace_edit, plan.applyEdit, 'utf-16')
    result.direct = { applied = ok, error = ok and vim.NIL or tostring(err) }
    step('applied the edit directly')
  else
    vim.api.nvim_win_set_cursor(0, { plan.position.line + 1, plan.position.character })
    vim.lsp.buf.rename(plan.newName)
    -- The server waits for its index before it answers.
    if not vim.wait(timeout * 2, function() return rename.answered end, 20) then
      error('no answer to textDocument/rename within ' .. timeout * 2 .. ' ms')
    end
    step('rename answered')
  end

  -- Save what the edit changed, as a user would.
  local ok, err = pcall(vim.cmd, 'silent wall')
  result.wall = { ok = ok, error = ok and vim.NIL or tostring(err) }
  local modified = {}
  for _, b in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(b) and vim.bo[b].modified then table.insert(modified, vim.api.nvim_buf_get_name(b)) end
  end
  result.modifiedAfterWall = modified
  step('wall')

  client.stop()
  vim.wait(2000, function() return client.is_stopped() end, 20)
  step('stopped')
end

local ok, err = xpcall(main, debug.traceback)
if not ok then table.insert(result.errors, tostring(err)) end
local f = assert(io.open(plan.out, 'w'))
f:write(vim.json.encode(result))
f:close()
vim.cmd(ok and 'qa!' or 'cq!')
