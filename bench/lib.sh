# Sourced by the bench scripts.

# machine prints the line every quoted figure needs: cores, CPU model, load.
machine() {
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
}
