// `npm start`: the desktop app, where Electron's binary is installed. Where it is not (a machine
// that cannot download it), say so in one line and name the browser preview instead. The electron
// package's own lookup would try to download the binary first, so its path is read here as that
// lookup reads it (path.txt beside the package, the binary under dist/, or the override variable).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

function electronBinary() {
  try {
    const pkg = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
    const pathFile = join(pkg, 'path.txt');
    const name = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
    const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
    const binary = override ? join(override, name || 'electron') : name ? join(pkg, 'dist', name) : '';
    return binary && existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();
if (!binary) {
  process.stderr.write('Electron er ikke installeret på denne maskine. Se Tværblik på demokommunen i din browser i stedet: npm run preview\n');
  process.exit(1);
}
process.exit(spawnSync(binary, ['.', ...process.argv.slice(2)], { stdio: 'inherit' }).status ?? 1);
