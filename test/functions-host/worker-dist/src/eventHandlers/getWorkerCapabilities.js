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
exports.getWorkerCapabilities = void 0;
const WorkerContext_1 = require("../WorkerContext");
function getWorkerCapabilities() {
    var _a;
    return __awaiter(this, void 0, void 0, function* () {
        let capabilities = {
            RawHttpBodyBytes: 'true',
            RpcHttpTriggerMetadataRemoved: 'true',
            RpcHttpBodyOnly: 'true',
            IgnoreEmptyValuedRpcHttpHeaders: 'true',
            UseNullableValueDictionaryForHttp: 'true',
            WorkerStatus: 'true',
            TypedDataCollection: 'true',
            HandlesWorkerTerminateMessage: 'true',
        };
        if ((_a = WorkerContext_1.worker.app.programmingModel) === null || _a === void 0 ? void 0 : _a.getCapabilities) {
            capabilities = yield WorkerContext_1.worker.app.programmingModel.getCapabilities(capabilities);
        }
        return capabilities;
    });
}
exports.getWorkerCapabilities = getWorkerCapabilities;
//# sourceMappingURL=getWorkerCapabilities.js.map