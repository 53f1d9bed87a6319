export { exportPersons, describeQuery, EXPORT_CAP, type ExportQuery } from './persons.export';
