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
exports.parsePackageJson = void 0;
const fs_extra_1 = require("fs-extra");
const path = require("path");
const errors_1 = require("../errors");
/**
 * @returns A parsed & sanitized package.json
 */
function parsePackageJson(dir) {
    return __awaiter(this, void 0, void 0, function* () {
        try {
            const filePath = path.join(dir, 'package.json');
            if (!(yield (0, fs_extra_1.pathExists)(filePath))) {
                throw new errors_1.AzFuncSystemError('file does not exist');
            }
            const data = yield (0, fs_extra_1.readJson)(filePath);
            if (typeof data !== 'object' || data === null || Array.isArray(data)) {
                throw new errors_1.AzFuncSystemError('file content is not an object');
            }
            const stringFields = ['main', 'type'];
            for (const field of stringFields) {
                if (field in data && typeof data[field] !== 'string') {
                    // ignore fields with an unexpected type
                    delete data[field];
                }
            }
            return data;
        }
        catch (err) {
            const error = (0, errors_1.ensureErrorType)(err);
            if (error.name === 'SyntaxError') {
                error.message = `file content is not valid JSON: ${error.message}`;
            }
            throw error;
        }
    });
}
exports.parsePackageJson = parsePackageJson;
//# sourceMappingURL=parsePackageJson.js.map