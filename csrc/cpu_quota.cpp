// The CPU quota of the process's control group (Linux), in whole cores: how many threads
// threads=None starts under `docker run --cpus`, a Kubernetes CPU limit or a systemd
// CPUQuota, where the affinity still names every core of the machine. Both hierarchies:
// cgroup v2 (cpu.max, "max 100000" or "<quota> <period>") and v1 (cpu.cfs_quota_us, -1 for
// none, over cpu.cfs_period_us). A group's quota limits every group below it, so the walk
// goes from the process's group up to the root of the hierarchy's mount and keeps the least.
#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "parallel.hpp"

namespace cartonize {

namespace {

std::vector<std::string> lines_of(const std::string& path) {
  std::vector<std::string> out;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// mountinfo writes a space, tab, newline or backslash in a path as \040, \011, \012, \134.
std::string unescaped(const std::string& s) {
  std::string out;
  for (size_t k = 0; k < s.size(); ++k) {
    auto octal = [&](size_t at, char most) { return s[at] >= '0' && s[at] <= most; };
    if (s[k] == '\\' && k + 3 < s.size() && octal(k + 1, '3') && octal(k + 2, '7') &&
        octal(k + 3, '7')) {
      out += char((s[k + 1] - '0') * 64 + (s[k + 2] - '0') * 8 + (s[k + 3] - '0'));
      k += 3;
    } else {
      out += s[k];
    }
  }
  return out;
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string part;
  std::istringstream in(s);
  while (std::getline(in, part, sep)) out.push_back(part);
  return out;
}

// The quota in one group's folder, in cores rounded up (0: none, or nothing readable).
size_t quota_in(const std::string& dir, bool v2) {
  long long quota = -1, period = 0;
  if (v2) {
    std::ifstream in(dir + "/cpu.max");
    std::string q;
    if (!(in >> q >> period) || q == "max") return 0;
    try {
      quota = std::stoll(q);
    } catch (...) {
      return 0;
    }
  } else {
    std::ifstream q(dir + "/cpu.cfs_quota_us"), p(dir + "/cpu.cfs_period_us");
    if (!(q >> quota) || !(p >> period)) return 0;
  }
  if (quota <= 0 || period <= 0) return 0;
  return size_t(std::max(1LL, quota / period + (quota % period != 0)));
}

// The least quota from `dir` (under the mount point `mount`) up to `mount` itself.
size_t least_quota(const std::string& mount, std::string rel, bool v2) {
  size_t least = 0;
  while (true) {
    const size_t q = quota_in(mount + rel, v2);
    if (q > 0) least = least == 0 ? q : std::min(least, q);
    if (rel.empty() || rel == "/") break;
    const size_t cut = rel.find_last_of('/');
    rel = cut == std::string::npos ? "" : rel.substr(0, cut);
  }
  return least;
}

}  // namespace

size_t cpu_quota_cores(const std::string& root) {
  // Where each hierarchy is mounted (mountinfo: "id parent dev root point options ... - type
  // source super-options"), and the root of the group tree the mount shows.
  std::string v2_point, v2_root, v1_point, v1_root;
  for (const std::string& line : lines_of(root + "/proc/self/mountinfo")) {
    const size_t dash = line.find(" - ");
    if (dash == std::string::npos) continue;
    const std::vector<std::string> head = split(line.substr(0, dash), ' ');
    const std::vector<std::string> tail = split(line.substr(dash + 3), ' ');
    if (head.size() < 5 || tail.size() < 3) continue;
    if (tail[0] == "cgroup2" && v2_point.empty()) {
      v2_point = unescaped(head[4]), v2_root = unescaped(head[3]);
    } else if (tail[0] == "cgroup" && v1_point.empty()) {
      for (const std::string& option : split(tail[2], ','))
        if (option == "cpu") v1_point = unescaped(head[4]), v1_root = unescaped(head[3]);
    }
  }
  // The process's group in each ("hierarchy:controllers:path"), relative to the mount's root:
  // a group outside it (a container without its own cgroup namespace) is read at the mount.
  auto relative = [](const std::string& path, const std::string& mount_root) {
    if (mount_root == "/" || mount_root.empty()) return path;
    if (path.compare(0, mount_root.size(), mount_root) == 0 &&
        (path.size() == mount_root.size() || path[mount_root.size()] == '/'))
      return path.substr(mount_root.size());
    return std::string();
  };
  size_t least = 0;
  auto keep = [&](size_t q) {
    if (q > 0) least = least == 0 ? q : std::min(least, q);
  };
  for (const std::string& line : lines_of(root + "/proc/self/cgroup")) {
    const size_t a = line.find(':'), b = a == std::string::npos ? a : line.find(':', a + 1);
    if (b == std::string::npos) continue;
    const std::string controllers = line.substr(a + 1, b - a - 1), path = line.substr(b + 1);
    if (line.compare(0, a, "0") == 0 && controllers.empty()) {
      if (!v2_point.empty()) keep(least_quota(root + v2_point, relative(path, v2_root), true));
    } else if (!v1_point.empty()) {
      for (const std::string& c : split(controllers, ','))
        if (c == "cpu") keep(least_quota(root + v1_point, relative(path, v1_root), false));
    }
  }
  return least;
}

}  // namespace cartonize
