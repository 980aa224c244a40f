import { execFileSync } from 'node:child_process';
import { show } from '../../../scripts/lib/tools';

// show() prints commands with zx's quote() (https://google.github.io/zx/quotes): what bash reads back
// from the printed line must be exactly the arguments the script ran, however odd they are.
describe('show()', () => {
  const odd = ['kubectl', 'get', 'a,b', "it's", 'two words', '$HOME', 'back\\slash', 'tab\there', 'new\nline', '', "Stacks[0].Outputs[?OutputKey=='HostedZoneId']"];

  test('a printed command parses back, in bash, into the very arguments', () => {
    const parsed = execFileSync('bash', ['-c', `printf '%s\\0' ${show(odd)}`], { encoding: 'utf8' }).split('\0').slice(0, -1);
    expect(parsed).toEqual(odd);
  });

  test('plain words stay unquoted, so plans read like what one would type', () => {
    expect(show(['cdk', 'deploy', 'test-hub', '--require-approval', 'never'])).toBe('cdk deploy test-hub --require-approval never');
  });
});
