export {
  storeFile,
  readFile,
  openFileStream,
  getFileInfo,
  DEFAULT_ALLOWED_TYPES,
  DEFAULT_MAX_BYTES,
  type FileRow,
  type FileOptions,
  type StoreFileInput,
  type StoredFile,
} from './files.service';
export { LocalDiskStorage, defaultFilesDir, fileStorage, setFileStorage, type FileStorage } from './storage';
