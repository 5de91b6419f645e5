import wabtFactory from "wabt";

export async function compileWat(source: string): Promise<Uint8Array> {
  const wabt = await wabtFactory();
  const module = wabt.parseWat("dot-int8.wat", source, { simd: true });
  try {
    module.validate();
    return new Uint8Array(module.toBinary({}).buffer);
  } finally {
    module.destroy();
  }
}
