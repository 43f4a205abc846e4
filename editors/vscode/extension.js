// The rung extension: starts `rung lsp` for .rung files and hands the editor to it.
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const config = vscode.workspace.getConfiguration("rung");
  const command = config.get("path") || "rung";
  const args = ["lsp", "--lang", config.get("lang") || "zh"];
  client = new LanguageClient(
    "rung",
    "rung",
    { command, args },
    { documentSelector: [{ language: "rung" }] }
  );
  context.subscriptions.push({ dispose: () => client && client.stop() });
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
