#!/usr/bin/env bash
# Tags a release; the platform CI builds the image for the tagged commit.
set -euo pipefail
{% raw %}
VERSION="${1:?usage: release.sh VERSION}"
if [ "${#VERSION}" -gt 32 ]; then
  echo "version ${VERSION} is longer than 32 characters" >&2
  exit 1
fi
{% endraw %}
git tag -a "v$VERSION" -m "${{ values.name }} $VERSION"
git push origin "v$VERSION"
