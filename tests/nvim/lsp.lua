-- Drives `kafkalint server` from Neovim's own LSP client, headless:
--   KAFKALINT_FILE=conf/producer.properties KAFKALINT_OUT=out.json \
--     nvim --clean --headless -l tests/nvim/lsp.lua
-- `kafkalint` must be on PATH. The client is configured as the README says;
-- what it saw is written to KAFKALINT_OUT as JSON for tests/server_nvim.rs.

local file = assert(os.getenv('KAFKALINT_FILE'), 'KAFKALINT_FILE')
local out = assert(os.getenv('KAFKALINT_OUT'), 'KAFKALINT_OUT')
local result = { errors = {} }

local function finish()
  local f = assert(io.open(out, 'w'))
  f:write(vim.json.encode(result))
  f:close()
  vim.cmd('qall!')
end

-- The README's "Editor setup" for Neovim 0.11:
vim.lsp.config('kafkalint', {
  cmd = { 'kafkalint', 'server' },
  filetypes = { 'jproperties' },
  root_markers = { 'kafkalint.toml', '.git' },
})
vim.lsp.enable('kafkalint')

vim.cmd('filetype on')
vim.cmd.edit(file)
local buf = vim.api.nvim_get_current_buf()
result.filetype = vim.bo[buf].filetype

local attached = vim.wait(20000, function()
  return #vim.lsp.get_clients({ bufnr = buf, name = 'kafkalint' }) > 0
end, 50)
if not attached then
  table.insert(result.errors, 'the client did not attach')
  return finish()
end
local client = vim.lsp.get_clients({ bufnr = buf, name = 'kafkalint' })[1]
result.position_encoding = client.offset_encoding

local got = vim.wait(20000, function()
  return #vim.diagnostic.get(buf) > 0
end, 50)
if not got then
  table.insert(result.errors, 'no diagnostics')
end
result.diagnostics = {}
for _, d in ipairs(vim.diagnostic.get(buf)) do
  table.insert(result.diagnostics, {
    code = d.code, message = d.message, severity = d.severity,
    lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
  })
end

-- Hover on the first key of the buffer.
local hover = vim.lsp.buf_request_sync(buf, 'textDocument/hover', {
  textDocument = { uri = vim.uri_from_bufnr(buf) },
  position = { line = 0, character = 1 },
}, 10000)
for _, r in pairs(hover or {}) do
  if r.result then result.hover = r.result.contents.value end
end

-- Fix all, applied to the buffer as code-actions-on-save would.
local actions = vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', {
  textDocument = { uri = vim.uri_from_bufnr(buf) },
  range = { start = { line = 0, character = 0 }, ['end'] = { line = 0, character = 0 } },
  context = { diagnostics = {}, only = { 'source.fixAll' } },
}, 10000)
for _, r in pairs(actions or {}) do
  for _, action in ipairs(r.result or {}) do
    if action.kind == 'source.fixAll.kafkalint' then
      vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)
      result.fixed = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), '\n') .. '\n'
    end
  end
end
finish()
