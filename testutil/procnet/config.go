package procnet

import (
	"fmt"
	"os"
	"strings"
)

// SetConfig sets key = value in the [section] table of the TOML file at
// path (a node's config.toml or app.toml), keeping the rest of the file and
// its comments as the template wrote them. value is written verbatim, so a
// string must carry its quotes. Keys such as "enable" repeat across
// sections, hence the section: "" is the top level.
func SetConfig(path, section, key, value string) error {
	bz, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	lines := strings.Split(string(bz), "\n")
	current, found := "", false
	for i, line := range lines {
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, "[") && strings.HasSuffix(trimmed, "]") {
			current = strings.Trim(trimmed, "[]")
			continue
		}
		if current != section {
			continue
		}
		name, _, ok := strings.Cut(trimmed, "=")
		if ok && strings.TrimSpace(name) == key {
			lines[i] = key + " = " + value
			found = true
			break
		}
	}
	if !found {
		return fmt.Errorf("%s: no key %q in [%s]", path, key, section)
	}
	return os.WriteFile(path, []byte(strings.Join(lines, "\n")), 0o600)
}
