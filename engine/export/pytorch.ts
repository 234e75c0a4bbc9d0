import { SavedModel } from "../node/run-folder";
export function writePytorchProject(_s: SavedModel, _o: string): string[] { throw new Error("todo"); }
