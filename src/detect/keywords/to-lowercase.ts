import { TransformId } from '../rule/signature.js';
import { transformKeyword } from './transform.js';
import type { KeywordDefinition } from './keyword.js';

export const toLowercaseKeyword: KeywordDefinition = transformKeyword(TransformId.ToLowercase);
