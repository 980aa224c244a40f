/**
 * Credentials inside URLs (`https://user:token@host/…`, `?private_token=…`). The config is committed to
 * git and its values are printed in errors and plans, so a URL in it must carry none; repository
 * credentials live in AWS Secrets Manager. Also used to mask URLs in script logs.
 */

/** Query parameter names that carry secrets (GitLab `private_token`, OAuth `access_token`, signed URLs…). */
const SECRET_PARAM = /^(private[_-]?token|access[_-]?token|oauth[_-]?token|token|password|passwd|pwd|secret|client[_-]?secret|api[_-]?key|apikey|key|sig|signature|x-amz-signature|x-amz-credential|x-amz-security-token|auth|authorization)$/i;

/** `scheme://userinfo@` at the start of a URL. */
const USERINFO = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#@\s]*)@/i;

/**
 * Why `url` carries a credential, or undefined when it carries none. A user name alone is fine for
 * ssh (`ssh://git@host/…`, `git@host:…`); over http(s) any user info is a credential (tokens are often
 * passed as the user name).
 */
export function urlCredential(url: string): string | undefined {
  const userinfo = USERINFO.exec(url);
  if (userinfo) {
    const scheme = userinfo[1].toLowerCase();
    if (userinfo[2].includes(':')) return 'a user name and password (user:secret@) in the URL';
    if (scheme.startsWith('http')) return 'user info (…@) in an http(s) URL, where it is a token or password';
  }
  const query = url.split('#')[0].split('?')[1];
  const param = query?.split('&').map((kv) => decodeSafe(kv.split('=')[0])).find((k) => SECRET_PARAM.test(k));
  if (param) return `a "${param}" query parameter`;
  return undefined;
}

/** The URL with any credential replaced by `***`: safe to print. */
export function maskUrlCredentials(text: string): string {
  return text
    .replace(/\b([a-z][a-z0-9+.-]*:\/\/)([^/?#@\s'"]*)@/gi, (all, scheme: string, info: string) =>
      info.includes(':') || /^https?:/i.test(scheme) ? `${scheme}***@` : all,
    )
    .replace(/([?&])([^=&#\s'"]+)=([^&#\s'"]*)/g, (all, sep: string, key: string) => (SECRET_PARAM.test(decodeSafe(key)) ? `${sep}${key}=***` : all));
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
