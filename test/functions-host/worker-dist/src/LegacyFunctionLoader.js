"use strict";
// Copyright (c) .NET Foundation. All rights reserved.
// Licensed under the MIT License.
var __awaiter = (this && this.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.getLegacyFunction = exports.loadLegacyFunction = void 0;
const errors_1 = require("./errors");
const loadScriptFile_1 = require("./loadScriptFile");
const nonNull_1 = require("./utils/nonNull");
const WorkerContext_1 = require("./WorkerContext");
function loadLegacyFunction(functionId, metadata, packageJson) {
    return __awaiter(this, void 0, void 0, function* () {
        if (metadata.isProxy === true) {
            return;
        }
        const script = yield (0, loadScriptFile_1.loadScriptFile)((0, nonNull_1.nonNullProp)(metadata, 'scriptFile'), packageJson);
        const entryPoint = (metadata && metadata.entryPoint);
        const [callback, thisArg] = getEntryPoint(script, entryPoint);
        WorkerContext_1.worker.app.legacyFunctions[functionId] = { metadata, callback, thisArg };
    });
}
exports.loadLegacyFunction = loadLegacyFunction;
function getLegacyFunction(functionId) {
    const loadedFunction = WorkerContext_1.worker.app.legacyFunctions[functionId];
    if (loadedFunction) {
        return {
            metadata: loadedFunction.metadata,
            // `bind` is necessary to set the `this` arg, but it's also nice because it makes a clone of the function, preventing this invocation from affecting future invocations
            callback: loadedFunction.callback.bind(loadedFunction.thisArg),
        };
    }
    else {
        return undefined;
    }
}
exports.getLegacyFunction = getLegacyFunction;
function getEntryPoint(f, entryPoint) {
    let thisArg;
    if (f !== null && typeof f === 'object') {
        thisArg = f;
        if (entryPoint) {
            // the module exports multiple functions
            // and an explicit entry point was named
            f = f[entryPoint];
        }
        else if (Object.keys(f).length === 1) {
            // a single named function was exported
            const name = Object.keys(f)[0];
            f = f[name];
        }
        else {
            // finally, see if there is an exported function named
            // 'run' or 'index' by convention
            f = f.run || f.index;
        }
    }
    if (!f) {
        const msg = (entryPoint
            ? `Unable to determine function entry point: ${entryPoint}. `
            : 'Unable to determine function entry point. ') +
            'If multiple functions are exported, ' +
            "you must indicate the entry point, either by naming it 'run' or 'index', or by naming it " +
            "explicitly via the 'entryPoint' metadata property.";
        throw new errors_1.AzFuncSystemError(msg);
    }
    else if (typeof f !== 'function') {
        throw new errors_1.AzFuncSystemError('The resolved entry point is not a function and cannot be invoked by the functions runtime. Make sure the function has been correctly exported.');
    }
    return [f, thisArg];
}
//# sourceMappingURL=LegacyFunctionLoader.js.map