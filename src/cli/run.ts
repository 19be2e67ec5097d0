export function runMain(): void {
  process.stdout.write('wiretrace: the command line is not built yet\n');
}
