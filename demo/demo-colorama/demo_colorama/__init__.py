raise ImportError('Windows only')
