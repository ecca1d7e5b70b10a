// kafkalint for VS Code: starts `kafkalint server` (the language server) for
// .properties files. Diagnostics, quick fixes, fix all
// ("editor.codeActionsOnSave": {"source.fixAll.kafkalint": "explicit"}), hover and
// completion all come from the server; this file only starts it.
const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

let client;

function activate() {
  const command = vscode.workspace.getConfiguration('kafkalint').get('path') || 'kafkalint';
  client = new LanguageClient(
    'kafkalint',
    'kafkalint',
    { command, args: ['server'] },
    {
      documentSelector: [{ scheme: 'file', pattern: '**/*.properties' }],
      // kafkalint.toml and broker files: a change lints the open files again.
      synchronize: {
        fileEvents: vscode.workspace.createFileSystemWatcher('**/{kafkalint.toml,*.properties}'),
      },
    },
  );
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
