"""Run by CMakeLists.txt after the module is linked (x86-64 Linux): no instruction beyond the
x86-64 baseline (SSE2) may lie outside the AVX2 and AVX-512 builds of the placement kernel,
so that the dispatcher, the rest of the core and the bindings run on any x86-64 CPU.

    python check_kernel_isa.py MODULE LINKER_MAP OBJDUMP WIDE_OBJECT...

The linker map gives the addresses of the code each wide object file brought; objdump
disassembles the module; an instruction that is VEX or EVEX encoded, names a YMM, ZMM or mask
register, or belongs to SSE3 and later, BMI, POPCNT, LZCNT or MOVBE, outside those addresses
fails the build. TZCNT is allowed: GCC emits it for __builtin_ctz on a value it knows is not
zero because it runs as BSF, with the same result, on CPUs without BMI.
"""

import re
import subprocess
import sys

LATER = set("""addsubpd addsubps haddpd haddps hsubpd hsubps lddqu movddup movshdup movsldup
pabsb pabsw pabsd palignr phaddw phaddd phaddsw phsubw phsubd phsubsw pmaddubsw pmulhrsw
pshufb psignb psignw psignd blendpd blendps blendvpd blendvps dppd dpps extractps insertps
movntdqa mpsadbw packusdw pblendvb pblendw pcmpeqq pextrb pextrd pextrq phminposuw pinsrb
pinsrd pinsrq pmaxsb pmaxsd pmaxud pmaxuw pminsb pminsd pminud pminuw pmovsxbw pmovsxbd
pmovsxbq pmovsxwd pmovsxwq pmovsxdq pmovzxbw pmovzxbd pmovzxbq pmovzxwd pmovzxwq pmovzxdq
pmuldq pmulld ptest roundpd roundps roundsd roundss pcmpgtq pcmpestri pcmpestrm pcmpistri
pcmpistrm crc32 popcnt lzcnt andn bextr blsi blsmsk blsr bzhi mulx pdep pext rorx sarx shlx
shrx movbe adcx adox""".split())
PREFIXES = {"rep", "repz", "repe", "repnz", "repne", "lock", "data16", "addr32", "notrack",
            "bnd", "cs", "ds", "es", "ss", "fs", "gs"}
WIDE_REGISTER = re.compile(r"%[yz]mm\d|%k[0-7]\b")


def wide_ranges(map_path, objects):
    """[start, end) of every code section the wide objects brought into the module."""
    out, pending = [], None
    with open(map_path, errors="replace") as f:
        for line in f:
            if re.match(r"^ (\.\S+)\s*$", line):
                pending = line.split()[0]
                continue
            m = re.match(r"^ (\.\S+)?\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(\S.*?)\s*$", line)
            section = (m.group(1) or pending) if m else None
            pending = None
            if m and section.startswith(".text") and any(o in m.group(4) for o in objects):
                start = int(m.group(2), 16)
                out.append((start, start + int(m.group(3), 16)))
    return out


def main():
    module, map_path, objdump, *objects = sys.argv[1:]
    with open(map_path, errors="replace") as f:
        gnu = "Linker script and memory map" in f.read()
    if not gnu:  # lld and mold write other maps: this check reads GNU ld's only
        print(f"check_kernel_isa: {map_path} is not a GNU ld map; the check is skipped")
        return
    ranges = wide_ranges(map_path, objects)
    if not ranges:
        sys.exit(f"check_kernel_isa: the linker map {map_path} names no code of {objects}")
    listing = subprocess.run([objdump, "-d", "--no-show-raw-insn", module], check=True,
                             capture_output=True, text=True).stdout
    bad = []
    for line in listing.splitlines():
        m = re.match(r"^\s*([0-9a-f]+):\t(.*)$", line)
        if not m:
            continue
        words = m.group(2).split()
        while words and words[0] in PREFIXES:
            words = words[1:]
        if not words:
            continue
        mnemonic, rest = words[0], " ".join(words[1:])
        wide = (mnemonic.startswith("v") and mnemonic not in ("verr", "verw")) \
            or mnemonic in LATER or WIDE_REGISTER.search(rest)
        if wide:
            address = int(m.group(1), 16)
            if not any(a <= address < b for a, b in ranges):
                bad.append(line.strip())
    if bad:
        sys.exit("check_kernel_isa: instructions beyond the x86-64 baseline outside the wide "
                 f"builds of the placement kernel ({len(bad)}), first:\n  " + "\n  ".join(bad[:10]))
    print(f"check_kernel_isa: wide instructions only in the AVX2 / AVX-512 kernels "
          f"({len(ranges)} code sections)")


if __name__ == "__main__":
    main()
