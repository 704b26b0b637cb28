// The published .d.ts use `[Symbol.dispose]` (Tensor) and
// `[Symbol.asyncDispose]` (DataLoader). TypeScript declares those symbols only
// in lib esnext.disposable (or @types/node), so a consumer on a plain
// `--target es2022` config failed with TS2550. Declaring them here, exactly
// as the lib does (merged declarations of one property share its unique
// symbol type), makes the types load under any lib.
declare global {
  interface SymbolConstructor {
    readonly dispose: unique symbol;
    readonly asyncDispose: unique symbol;
  }
}

export {};
