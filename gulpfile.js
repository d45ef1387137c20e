// Copies the node and credential icons next to the compiled code: tsc emits only .js, and n8n resolves
// `icon: 'file:...'` relative to the compiled file.
const path = require('path');
const { task, src, dest } = require('gulp');

task('build:icons', copyIcons);

function copyIcons() {
	const nodeIcons = src(path.resolve('nodes', '**', '*.{png,svg}'), { encoding: false }).pipe(
		dest(path.resolve('dist', 'nodes')),
	);
	const credentialIcons = src(path.resolve('credentials', '**', '*.{png,svg}'), { encoding: false });
	credentialIcons.pipe(dest(path.resolve('dist', 'credentials')));
	return nodeIcons;
}
